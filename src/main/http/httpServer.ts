// The one HTTP server: checks Host and Origin first, then routes to /healthz, /mcp, /api and the panel.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Supervisor } from '../core/types.js';
import type { OwnWindows } from '../core/ownWindows.js';
import { ApiRoutes } from './apiRoutes.js';
import { hasValidBearer, PanelSessions, sendUnauthorized } from './auth.js';
import { EventStreams } from './eventStream.js';
import { McpEndpoint } from './mcpEndpoint.js';
import { isLoopbackAddress, refuseForeignRequest } from './originGuard.js';
import { PanelFiles } from './panelFiles.js';
import { sendJson } from './responses.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  token: string;
  supervisor: Supervisor;
  /** Panels report where they are on screen here, so agents' input stays off them. */
  ownWindows: OwnWindows;
  createSessionServer: () => McpServer;
  panelDir: string;
  clientConfig: (mcpUrl: string) => string;
  log: (line: string) => void;
  /** Time a client has to send a request's headers and body; default 30 s. Responses (event streams) are not limited. */
  requestTimeoutMs?: number;
  /** Connections one remote address may hold open at once; default 64. */
  maxConnectionsPerAddress?: number;
  /** An MCP session with no request and no open stream for this long is closed; default 30 minutes. */
  sessionIdleMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;

export interface RunningHttpServer {
  port: number;
  /** Base URL for clients on this machine, e.g. http://127.0.0.1:8765 */
  baseUrl: string;
  close(): Promise<void>;
}

/** The address clients use: wildcard binds are reached over 127.0.0.1, IPv6 literals need brackets. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') reject(new Error(`Port ${port} on ${host} is already in use; stop the other program or pick another port with --port (0 picks a free one).`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new Error(`Cannot listen on ${host}: this machine has no such address.`));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { supervisor, token, log } = options;
  const panelSessions = new PanelSessions();
  const events = new EventStreams(supervisor);
  const mcp = new McpEndpoint({ supervisor, createSessionServer: options.createSessionServer, idleMs: options.sessionIdleMs });
  let baseUrl = '';
  const api = new ApiRoutes({ supervisor, ownWindows: options.ownWindows, token, panelSessions, events, clientConfig: () => options.clientConfig(`${baseUrl}/mcp`) });
  const panel = new PanelFiles({ panelDir: options.panelDir, token, panelSessions });
  const loopbackOnly = isLoopbackAddress(options.host);
  let port = options.port;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refusal = refuseForeignRequest(req, { port, loopbackOnly });
    if (refusal !== null) {
      sendJson(res, 403, { error: refusal });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (url.pathname === '/mcp') {
      if (!hasValidBearer(req, token)) {
        sendUnauthorized(req, res);
        return;
      }
      await mcp.handle(req, res);
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      await api.handle(req, res, url);
      return;
    }
    await panel.handle(req, res, url);
  };

  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Node's request timeout covers receiving the request (headers and body) only, so event streams stay open.
  const server = createServer({ requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(30_000, Math.max(100, requestTimeout / 4)) }, (req, res) => {
    if (overCap.has(req.socket)) {
      sendJson(res, 503, { error: `Too many connections from ${req.socket.remoteAddress ?? 'this address'} (at most ${maxConnections} at once). Close some and try again.` }, { Connection: 'close' });
      return;
    }
    route(req, res).catch((error: unknown) => {
      log(`Request ${req.method ?? ''} ${new URL(req.url ?? '/', 'http://localhost').pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'The server could not handle this request; see its log.' });
      else res.end();
    });
  });
  const maxConnections = options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
  const perAddress = new Map<string, number>();
  // Sockets past the cap are answered 503 on their first request instead of being reset, so the client can say why.
  const overCap = new WeakSet<Socket>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const open = perAddress.get(address) ?? 0;
    if (open >= maxConnections) {
      overCap.add(socket);
      return;
    }
    perAddress.set(address, open + 1);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
    else socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  port = await listen(server, options.host, options.port);
  baseUrl = `http://${urlHost(options.host)}:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      events.closeAll();
      await mcp.closeAll();
      server.closeIdleConnections();
      const forced = setTimeout(() => server.closeAllConnections(), 2000);
      await stopped;
      clearTimeout(forced);
    })();
    return closing;
  };

  return { port, baseUrl, close };
}
