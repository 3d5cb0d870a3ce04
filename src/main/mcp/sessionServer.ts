// One MCP server per client session: registers every tool and hands each call to the supervisor.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { OwnWindows } from '../core/ownWindows.js';
import type { Supervisor } from '../core/types.js';
import type { Drivers } from '../drivers/types.js';
import type { ToolOutput } from '../../shared/types.js';
import { ElementBook } from './elementBook.js';
import { ScreenSpaceState } from './screenSpaceState.js';
import { TOOLS } from './tools/registry.js';
import type { ToolDefinition, ToolEnv } from './tools/toolDefinition.js';
import { errorOutput } from '../../shared/toolOutput.js';

export interface SessionServerDeps {
  supervisor: Supervisor;
  drivers: Drivers;
  ownWindows: OwnWindows;
  version: string;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const INSTRUCTIONS =
  'Chaperone lets you see and operate this desktop while a person watches every call. ' +
  'Start with screenshot or desktop_state; every coordinate you give is in the pixels of the full-screen screenshot image. ' +
  'Some calls wait for the person to approve them; a denial comes back with their reason. If the person stops Chaperone, calls fail until they re-arm it.';

function clientName(server: McpServer): string {
  const info = server.server.getClientVersion();
  return info ? `${info.name} ${info.version}`.trim() : 'unknown client';
}

/** Sends MCP progress while the call waits for a person, so a client's request timeout keeps resetting. */
function progressReporter(extra: Extra): ((message: string) => void) | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let progress = 0;
  return (message) => {
    progress += 1;
    extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } })
      .catch(() => undefined);
  };
}

function toResult(output: ToolOutput): CallToolResult {
  return output.isError ? { content: output.content, isError: true } : { content: output.content };
}

async function handleCall(server: McpServer, deps: SessionServerDeps, env: ToolEnv, tool: ToolDefinition, args: Record<string, unknown>, extra: Extra): Promise<CallToolResult> {
  try {
    const prepared = tool.prepare(args, env);
    if (!prepared.ok) return toResult(errorOutput(prepared.error));
    const output = await deps.supervisor.call(
      {
        sessionId: extra.sessionId ?? 'stdio',
        client: clientName(server),
        tool: tool.name,
        args,
        onWaiting: progressReporter(extra),
        clientSignal: extra.signal,
      },
      prepared.action,
    );
    return toResult(output);
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    return toResult(errorOutput(`The ${tool.name} call failed inside Chaperone: ${cause}. Try again; if it keeps failing, tell the person.`));
  }
}

export function createSessionServer(deps: SessionServerDeps): McpServer {
  const server = new McpServer({ name: 'chaperone', title: 'Chaperone', version: deps.version }, { instructions: INSTRUCTIONS });
  const env: ToolEnv = {
    drivers: deps.drivers,
    screenSpace: new ScreenSpaceState(),
    ownWindows: deps.ownWindows,
    elements: new ElementBook(deps.drivers.accessibility, deps.ownWindows),
  };
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, annotations: { title: tool.title, ...tool.annotations } },
      (args, extra) => handleCall(server, deps, env, tool, args, extra),
    );
  }
  return server;
}
