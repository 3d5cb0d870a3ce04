// `chaperone stdio`: forwards JSON-RPC between stdin/stdout and the running server's /mcp, both ways, as is.
import type { Readable, Writable } from 'node:stream';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { InitializeResultSchema, isInitializeRequest, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';

const INTERNAL_ERROR = -32603;

export interface StdioBridgeOptions {
  mcpUrl: string;
  token: string;
  stdin?: Readable;
  stdout?: Writable;
  log: (line: string) => void;
}

function refusalText(error: unknown, mcpUrl: string): string {
  if (error instanceof StreamableHTTPError && error.code === 401) {
    return `Chaperone at ${mcpUrl} refused the token: pass the right one with --token or CHAPERONE_TOKEN, or let the bridge read DATA/token.`;
  }
  const cause = error instanceof Error ? error.message : String(error);
  return `Chaperone at ${mcpUrl} did not take the request (${cause}). Check that it is still running (npm start or npx chaperone serve).`;
}

/** Resolves when stdin ends or either side closes; the HTTP session is ended on the way out. */
export async function runStdioBridge(options: StdioBridgeOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const local = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  const upstream = new StreamableHTTPClientTransport(new URL(options.mcpUrl), {
    requestInit: { headers: { Authorization: `Bearer ${options.token}` } },
  });
  const initializeIds = new Set<RequestId>();
  let finished = false;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const finish = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    try {
      if (upstream.sessionId !== undefined) await upstream.terminateSession();
    } catch {
      // The server may already be gone; nothing is left to end then.
    }
    await upstream.close().catch(() => undefined);
    await local.close().catch(() => undefined);
    resolveDone();
  };

  local.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message) && isInitializeRequest(message)) initializeIds.add(message.id);
    upstream.send(message).catch((error: unknown) => {
      const text = refusalText(error, options.mcpUrl);
      options.log(text);
      if (isJSONRPCRequest(message)) void local.send({ jsonrpc: '2.0', id: message.id, error: { code: INTERNAL_ERROR, message: text } });
    });
  };
  local.onerror = (error) => options.log(`Bad input on stdin: ${error.message}`);
  local.onclose = () => void finish();

  upstream.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCResultResponse(message) && initializeIds.delete(message.id)) {
      const parsed = InitializeResultSchema.safeParse(message.result);
      if (parsed.success) upstream.setProtocolVersion(parsed.data.protocolVersion);
    }
    void local.send(message);
  };
  upstream.onerror = (error) => options.log(`Connection to ${options.mcpUrl}: ${error.message}`);
  upstream.onclose = () => void finish();

  stdin.once('end', () => void finish());
  await upstream.start();
  await local.start();
  return done;
}
