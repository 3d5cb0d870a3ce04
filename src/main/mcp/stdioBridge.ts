// `chaperone stdio`: forwards JSON-RPC between stdin/stdout and the running server's /mcp, and opens a new session when the server restarts.
import type { Readable, Writable } from 'node:stream';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  InitializeResultSchema,
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type InitializeRequest,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';

const INTERNAL_ERROR = -32603;
export const DEFAULT_RECONNECT_WAIT_MS = 30_000;
const RETRY_EVERY_MS = 250;

/** Where the server is now: read again on every reconnect, since a restarted server may have another port. */
export interface BridgeTarget {
  mcpUrl: string;
  token: string;
}

export interface StdioBridgeOptions {
  target: () => BridgeTarget | null;
  /** How long a reconnect waits for a server to come back; default 30 s. */
  reconnectWaitMs?: number;
  stdin?: Readable;
  stdout?: Writable;
  log: (line: string) => void;
}

/** The server is not there (refused, restarted without our session): worth opening a new session. */
function isServerGone(error: unknown): boolean {
  if (error instanceof StreamableHTTPError) return error.code === 404;
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET';
}

function refusalText(error: unknown, mcpUrl: string): string {
  if (error instanceof StreamableHTTPError && error.code === 401) {
    return `Chaperone at ${mcpUrl} refused the token: pass the right one with --token or CHAPERONE_TOKEN, or let the bridge read DATA/token.`;
  }
  const cause = error instanceof Error ? error.message : String(error);
  return `Chaperone at ${mcpUrl} did not take the request (${cause}). Check that it is still running (npm start or npx chaperone serve).`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when stdin ends or the client side closes; the HTTP session is ended on the way out. */
export async function runStdioBridge(options: StdioBridgeOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const local = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  const waitMs = options.reconnectWaitMs ?? DEFAULT_RECONNECT_WAIT_MS;
  const initializeIds = new Set<RequestId>();
  /** The client's own initialize, replayed to open a new session after a restart. */
  let clientInitialize: InitializeRequest | undefined;
  /** Answers to the bridge's own initialize requests, which the client never sees. */
  const ownRequests = new Map<RequestId, (message: JSONRPCMessage) => void>();
  let ownId = 0;
  let target = options.target();
  let upstream: StreamableHTTPClientTransport | undefined;
  let reconnecting: Promise<void> | undefined;
  let finished = false;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const connectUpstream = async (to: BridgeTarget): Promise<StreamableHTTPClientTransport> => {
    const transport = new StreamableHTTPClientTransport(new URL(to.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${to.token}` } } });
    transport.onmessage = (message: JSONRPCMessage) => {
      const answerId = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message) ? message.id : undefined;
      const ownAnswer = answerId === undefined ? undefined : ownRequests.get(answerId);
      if (answerId !== undefined && ownAnswer !== undefined) {
        ownRequests.delete(answerId);
        ownAnswer(message);
        return;
      }
      if (isJSONRPCResultResponse(message) && initializeIds.delete(message.id)) {
        const parsed = InitializeResultSchema.safeParse(message.result);
        if (parsed.success) transport.setProtocolVersion(parsed.data.protocolVersion);
      }
      void local.send(message);
    };
    // A dropped event stream is expected while the server restarts; the next request reconnects.
    transport.onerror = (error) => options.log(`Connection to ${to.mcpUrl}: ${error.message}`);
    await transport.start();
    return transport;
  };

  /** Opens a new session on whatever server now answers for the data dir, replaying the client's initialize. */
  const reinitialize = async (): Promise<void> => {
    const deadline = Date.now() + waitMs;
    const previous = upstream;
    upstream = undefined;
    await previous?.close().catch(() => undefined);
    let lastError: unknown;
    while (!finished) {
      target = options.target() ?? target;
      if (target !== null && clientInitialize !== undefined) {
        const fresh = await connectUpstream(target);
        try {
          const id = `chaperone-bridge-${++ownId}`;
          const answered = new Promise<JSONRPCMessage>((resolve) => ownRequests.set(id, resolve));
          await fresh.send({ jsonrpc: '2.0', id, method: 'initialize', params: clientInitialize.params });
          const answer = await Promise.race([answered, sleep(10_000).then(() => null)]);
          if (answer === null) throw new Error(`Chaperone at ${target.mcpUrl} took the new session's initialize but never answered it. Check its log, then call again.`);
          if (isJSONRPCResultResponse(answer)) {
            const parsed = InitializeResultSchema.safeParse(answer.result);
            if (parsed.success) fresh.setProtocolVersion(parsed.data.protocolVersion);
            await fresh.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
            upstream = fresh;
            options.log(`Reconnected to Chaperone at ${target.mcpUrl} with a new session.`);
            return;
          }
          lastError = new Error(isJSONRPCErrorResponse(answer) ? answer.error.message : 'the server did not accept initialize');
        } catch (error) {
          lastError = error;
        }
        await fresh.close().catch(() => undefined);
        if (!isServerGone(lastError)) throw lastError;
      }
      if (Date.now() >= deadline) break;
      await sleep(RETRY_EVERY_MS);
    }
    const where = target?.mcpUrl ?? 'its usual address';
    throw new Error(`No Chaperone server answered at ${where} for ${Math.round(waitMs / 1000)} s. Start it (npx chaperone serve or npm start), then call again.`);
  };

  /** Sends one message upstream, opening a new session once if the server restarted or is starting. */
  const forward = async (message: JSONRPCMessage): Promise<void> => {
    if (reconnecting) await reconnecting;
    if (upstream === undefined) throw new Error('The bridge is not connected to Chaperone.');
    try {
      await upstream.send(message);
      return;
    } catch (error) {
      if (!isServerGone(error) || clientInitialize === undefined || isInitializeRequest(message)) throw error;
      options.log(`Chaperone at ${target?.mcpUrl ?? ''} lost this session (${error instanceof Error ? error.message : String(error)}); opening a new one.`);
    }
    reconnecting ??= reinitialize().finally(() => {
      reconnecting = undefined;
    });
    await reconnecting;
    await upstream.send(message);
  };

  const finish = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    try {
      if (upstream?.sessionId !== undefined) await upstream.terminateSession();
    } catch {
      // The server may already be gone; nothing is left to end then.
    }
    await upstream?.close().catch(() => undefined);
    await local.close().catch(() => undefined);
    resolveDone();
  };

  local.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message) && isInitializeRequest(message)) {
      initializeIds.add(message.id);
      clientInitialize = message;
    }
    forward(message).catch((error: unknown) => {
      // The bridge's own errors are sentences already; the transport's (HTTP status, fetch failure) are explained.
      const own = error instanceof Error && !(error instanceof StreamableHTTPError) && error.cause === undefined;
      const text = own ? error.message : refusalText(error, target?.mcpUrl ?? '');
      options.log(text);
      if (!isJSONRPCRequest(message)) return;
      // A failed tool call is a tool result the model can read, not a protocol error the client may throw.
      if (message.method === 'tools/call') void local.send({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text }], isError: true } });
      else void local.send({ jsonrpc: '2.0', id: message.id, error: { code: INTERNAL_ERROR, message: text } });
    });
  };
  local.onerror = (error) => options.log(`Bad input on stdin: ${error.message}`);
  local.onclose = () => void finish();

  stdin.once('end', () => void finish());
  if (target === null) throw new Error('No Chaperone server is running for this data folder.');
  upstream = await connectUpstream(target);
  await local.start();
  return done;
}
