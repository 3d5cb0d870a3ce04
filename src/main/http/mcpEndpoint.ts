// /mcp: one MCP server and Streamable HTTP transport per session, keyed by the Mcp-Session-Id header.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, type Implementation } from '@modelcontextprotocol/sdk/types.js';
import type { Supervisor } from '../core/types.js';
import { MAX_BODY_BYTES, readBody, tooLargeMessage } from './bodyLimit.js';
import { sendJsonRpcError } from './responses.js';

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const SESSION_NOT_FOUND = -32001;

export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;

export interface McpEndpointOptions {
  supervisor: Supervisor;
  createSessionServer: () => McpServer;
  /** A session with no request and no open stream for this long is closed as if the client had sent DELETE. */
  idleMs?: number;
}

interface LiveSession {
  transport: StreamableHTTPServerTransport;
  /** Requests and event streams of this session still open. */
  open: number;
  lastSeen: number;
}

function clientLabel(info: Implementation | undefined): string {
  if (info === undefined) return 'unknown client';
  return info.version ? `${info.name} ${info.version}` : info.name;
}

/** The ids of the JSON-RPC requests (not notifications or responses) in a POST body. */
function requestIds(body: unknown): (string | number)[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.flatMap((message: unknown) => {
    if (typeof message !== 'object' || message === null || !('method' in message) || !('id' in message)) return [];
    const id = message.id;
    return typeof id === 'string' || typeof id === 'number' ? [id] : [];
  });
}

/**
 * A client that goes away while its request is still open (waiting for a person, say) has cancelled it:
 * the request is cancelled as if the client had sent notifications/cancelled, so its approval stops waiting.
 */
function cancelOnDisconnect(transport: StreamableHTTPServerTransport, res: ServerResponse, body: unknown): void {
  const ids = requestIds(body);
  if (ids.length === 0) return;
  res.once('close', () => {
    if (res.writableFinished) return;
    for (const requestId of ids) {
      transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'The client disconnected.' } });
    }
  });
}

export class McpEndpoint {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly idleMs: number;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: McpEndpointOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_SESSION_IDLE_MS;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
      sendJsonRpcError(res, 405, INVALID_REQUEST, 'Method not allowed: use POST, GET or DELETE.', { Allow: 'POST, GET, DELETE' });
      return;
    }
    let parsed: unknown;
    if (method === 'POST') {
      const read = await readBody(req);
      if (read.tooLarge) {
        sendJsonRpcError(res, 413, INVALID_REQUEST, tooLargeMessage(MAX_BODY_BYTES), { Connection: 'close' });
        return;
      }
      try {
        parsed = JSON.parse(read.body.toString('utf8'));
      } catch {
        sendJsonRpcError(res, 400, PARSE_ERROR, 'Parse error: the request body is not valid JSON.');
        return;
      }
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = this.sessions.get(sessionId);
      if (session === undefined) {
        sendJsonRpcError(res, 404, SESSION_NOT_FOUND, 'Session not found: it has ended or the server restarted; initialize a new session.');
        return;
      }
      const { transport } = session;
      this.track(session, res);
      if (method === 'POST') cancelOnDisconnect(transport, res, parsed);
      if (method !== 'DELETE') this.notePresence(sessionId, method, res);
      await transport.handleRequest(req, res, parsed);
      return;
    }
    if (method === 'POST' && isInitializeRequest(parsed)) {
      const transport = await this.openSession();
      await transport.handleRequest(req, res, parsed);
      return;
    }
    sendJsonRpcError(res, 400, INVALID_REQUEST, 'Bad request: send an initialize request first, then the Mcp-Session-Id header it returns.');
  }

  /**
   * A request shows the client is there. Clients built on the SDK also hold an event stream (GET) open for as long
   * as they run, so when it ends without a DELETE the client has most likely gone: the sessions view says so.
   * Nothing is cancelled or closed, since a client may reopen its stream.
   */
  private notePresence(sessionId: string, method: string, res: ServerResponse): void {
    const { supervisor } = this.options;
    supervisor.sessionPresence(sessionId, true);
    if (method !== 'GET') return;
    res.once('close', () => {
      // A refused stream (409: one is already open) says nothing about the client.
      if (res.statusCode === 200 && this.sessions.has(sessionId)) supervisor.sessionPresence(sessionId, false);
    });
  }

  private async openSession(): Promise<StreamableHTTPServerTransport> {
    const { supervisor } = this.options;
    const server = this.options.createSessionServer();
    let closed = false;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, open: 0, lastSeen: Date.now() });
        this.startSweeper();
      },
    });
    transport.onclose = () => {
      const id = transport.sessionId;
      if (closed || id === undefined) return;
      closed = true;
      this.sessions.delete(id);
      supervisor.sessionClosed(id);
    };
    const previousOnInitialized = server.server.oninitialized;
    server.server.oninitialized = () => {
      previousOnInitialized?.();
      const id = transport.sessionId;
      if (id !== undefined) supervisor.sessionOpened(id, clientLabel(server.server.getClientVersion()));
    };
    await server.connect(transport);
    return transport;
  }

  /** A request or stream keeps its session alive while it is open and restarts the idle clock when it ends. */
  private track(session: LiveSession, res: ServerResponse): void {
    session.open += 1;
    session.lastSeen = Date.now();
    res.once('close', () => {
      session.open -= 1;
      session.lastSeen = Date.now();
    });
  }

  private startSweeper(): void {
    if (this.sweeper !== undefined) return;
    // Checked a few times per idle period, so a session ends at most a quarter period late.
    this.sweeper = setInterval(() => this.closeIdle(), Math.max(50, Math.min(60_000, this.idleMs / 4)));
    this.sweeper.unref();
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      if (session.open === 0 && now - session.lastSeen >= this.idleMs) void session.transport.close().catch(() => undefined);
    }
    if (this.sessions.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    const open = [...this.sessions.values()];
    await Promise.allSettled(open.map((session) => session.transport.close()));
  }
}
