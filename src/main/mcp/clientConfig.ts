// Ready-to-paste MCP client configuration for Claude Desktop, Claude Code, Cursor and VS Code, token included.
import { defaultDataDir } from '../dataDir.js';

export interface ClientConfigOptions {
  mcpUrl: string;
  token: string;
  /** Added to the stdio bridge's arguments when it is not the default data dir. */
  dataDir?: string;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function clientConfigText({ mcpUrl, token, dataDir }: ClientConfigOptions): string {
  const headers = { Authorization: `Bearer ${token}` };
  const stdioArgs = ['chaperone', 'stdio'];
  if (dataDir !== undefined && dataDir !== defaultDataDir()) stdioArgs.push('--data-dir', dataDir);
  const claudeDesktop = { mcpServers: { chaperone: { command: 'npx', args: stdioArgs } } };
  const cursor = { mcpServers: { chaperone: { url: mcpUrl, headers } } };
  const vscode = { servers: { chaperone: { type: 'http', url: mcpUrl, headers } } };
  const json = (value: unknown): string => JSON.stringify(value, null, 2);
  return [
    `Chaperone MCP endpoint: ${mcpUrl}`,
    'Keep the token below private: whoever has it can operate this computer (with your approval).',
    '',
    '# Claude Desktop: claude_desktop_config.json (runs the stdio bridge; Chaperone must be running)',
    json(claudeDesktop),
    '',
    '# Claude Code: run in a terminal',
    `claude mcp add --transport http chaperone ${shellQuote(mcpUrl)} --header ${shellQuote(`Authorization: Bearer ${token}`)}`,
    '',
    '# Cursor: ~/.cursor/mcp.json',
    json(cursor),
    '',
    '# VS Code: .vscode/mcp.json',
    json(vscode),
    '',
  ].join('\n');
}
