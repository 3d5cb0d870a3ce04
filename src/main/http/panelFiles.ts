// `/`: the token form and cookie login, then the built React panel with a strict CSP; no directory traversal.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { PanelSessions} from './auth.js';
import { tokenMatches } from './auth.js';
import { readBody } from './bodyLimit.js';
import { sendJson } from './responses.js';
import { PANEL_TITLE_MARKER } from '../../shared/seat.js';

export const PANEL_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const PAGE_HEADERS = {
  'Content-Security-Policy': PANEL_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#222}
input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;margin:.25rem 0 1rem}button{font:inherit;padding:.5rem 1rem}
.error{color:#a40000}code{background:#eee;padding:0 .2rem}</style></head>
<body>${body}</body></html>
`;
}

export function tokenFormHtml(error?: string): string {
  const alert = error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`;
  return page(
    `Sign in · ${PANEL_TITLE_MARKER}`,
    `<h1>Chaperone control panel</h1>
${alert}<form method="post" action="/login">
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>
<p>The token is in the file <code>token</code> in Chaperone's data folder; <code>npx chaperone client-config</code> prints it too.</p>`,
  );
}

const MISSING_BUILD_HTML = page(
  `Not built · ${PANEL_TITLE_MARKER}`,
  `<h1>The control panel is not built</h1>
<p>Run <code>npm run build</code> in the Chaperone folder, then reload this page. The MCP endpoint at <code>/mcp</code> works without it.</p>`,
);

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    ...PAGE_HEADERS,
    ...headers,
  });
  res.end(html);
}

export interface PanelOptions {
  panelDir: string;
  token: string;
  panelSessions: PanelSessions;
}

export class PanelFiles {
  private readonly root: string;

  constructor(private readonly options: PanelOptions) {
    this.root = resolve(options.panelDir);
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    if (url.pathname === '/login') {
      if (method !== 'POST') {
        sendJson(res, 405, { error: 'Use POST for /login.' }, { Allow: 'POST' });
        return;
      }
      await this.login(req, res);
      return;
    }
    // A path that does not exist is 404 whatever the method: a 405 there sends mcp-remote into OAuth registration.
    const file = url.pathname === '/' ? null : await this.existingFile(url.pathname);
    if (url.pathname !== '/' && file === null) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, { error: `Use GET for ${url.pathname}.` }, { Allow: 'GET, HEAD' });
      return;
    }
    if (file === null) {
      await this.serveRoot(req, res, url);
      return;
    }
    if (!this.options.panelSessions.isValid(req)) {
      sendJson(res, 401, { error: 'Sign in at / first.' });
      return;
    }
    this.sendFile(req, res, file, url.pathname.startsWith('/assets/'));
  }

  private async serveRoot(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (tokenMatches(offered, this.options.token)) {
        this.signIn(res, 302);
      } else {
        sendHtml(res, 401, tokenFormHtml('That token is not right. Check the token file in the data folder and try again.'));
      }
      return;
    }
    if (!this.options.panelSessions.isValid(req)) {
      sendHtml(res, 200, tokenFormHtml());
      return;
    }
    const index = await this.existingFile('/index.html');
    if (index === null) {
      sendHtml(res, 503, MISSING_BUILD_HTML);
      return;
    }
    this.sendFile(req, res, index, false);
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readBody(req, 64 * 1024);
    if (read.tooLarge) {
      sendHtml(res, 413, tokenFormHtml('The form was too large.'), { Connection: 'close' });
      return;
    }
    const token = new URLSearchParams(read.body.toString('utf8')).get('token')?.trim();
    if (token === undefined || token === '' || !tokenMatches(token, this.options.token)) {
      sendHtml(res, 401, tokenFormHtml('That token is not right. Check the token file in the data folder and try again.'));
      return;
    }
    this.signIn(res, 303);
  }

  private signIn(res: ServerResponse, status: 302 | 303): void {
    const id = this.options.panelSessions.create();
    res.writeHead(status, {
      Location: '/',
      'Set-Cookie': this.options.panelSessions.cookieHeader(id),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'same-origin',
      'Content-Length': 0,
    });
    res.end();
  }

  /** The file under the panel dir for a URL path, or null for anything missing or outside it. */
  private async existingFile(pathname: string): Promise<string | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const file = resolve(join(this.root, decoded));
    if (!file.startsWith(this.root + sep)) return null;
    try {
      return (await stat(file)).isFile() ? file : null;
    } catch {
      return null;
    }
  }

  private sendFile(req: IncomingMessage, res: ServerResponse, file: string, hashedAsset: boolean): void {
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Cache-Control': hashedAsset ? 'private, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    if (type.startsWith('text/html')) Object.assign(headers, PAGE_HEADERS);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
