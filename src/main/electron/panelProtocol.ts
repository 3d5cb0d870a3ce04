// Serves the built panel from chaperone://panel/ with a strict CSP, so the window has its own origin that IPC checks can trust.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { ElectronApi } from './electronApi.js';

export const PANEL_SCHEME = 'chaperone';
export const PANEL_HOST = 'panel';
export const PANEL_URL = `${PANEL_SCHEME}://${PANEL_HOST}/index.html`;

export const PANEL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** True for URLs of the panel's own pages (chaperone://panel/...). */
export function isPanelUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${PANEL_SCHEME}:` && parsed.host === PANEL_HOST;
  } catch {
    return false;
  }
}

/** Must run before the app is ready. */
export function registerPanelScheme(protocol: ElectronApi['protocol']): void {
  protocol.registerSchemesAsPrivileged([{ scheme: PANEL_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

function reply(status: number, body: BodyInit | null, contentType: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': contentType, 'Content-Security-Policy': PANEL_CSP, 'X-Content-Type-Options': 'nosniff' } });
}

/** Answers one panel request from panelDir; paths that leave panelDir are refused. */
export async function panelResponse(panelDir: string, requestUrl: string): Promise<Response> {
  if (!isPanelUrl(requestUrl)) return reply(404, 'Not found', 'text/plain; charset=utf-8');
  let path: string;
  try {
    path = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return reply(400, 'Bad request', 'text/plain; charset=utf-8');
  }
  const root = normalize(panelDir + sep);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root)) return reply(403, 'Forbidden', 'text/plain; charset=utf-8');
  try {
    const body = await readFile(file);
    return reply(200, new Uint8Array(body), CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  } catch {
    return reply(404, 'Not found', 'text/plain; charset=utf-8');
  }
}

export function servePanel(protocol: ElectronApi['protocol'], panelDir: string): void {
  protocol.handle(PANEL_SCHEME, (request) => panelResponse(panelDir, request.url));
}
