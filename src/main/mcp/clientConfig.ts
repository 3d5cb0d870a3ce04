// Ready-to-paste MCP client configuration for Claude Desktop, Claude Code, Cursor and VS Code, token included.
import { join } from 'node:path';
import { defaultDataDir } from '../dataDir.js';
import { PACKAGE_ROOT } from '../packageInfo.js';

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
  // Absolute paths: Claude Desktop starts the bridge from its own folder, where `npx chaperone` would not resolve.
  const stdioArgs = [join(PACKAGE_ROOT, 'bin', 'chaperone.js'), 'stdio'];
  if (dataDir !== undefined && dataDir !== defaultDataDir()) stdioArgs.push('--data-dir', dataDir);
  // Inside the desktop app the executable is Electron, which runs the bridge as plain Node with this variable.
  const env = process.versions.electron === undefined ? {} : { env: { ELECTRON_RUN_AS_NODE: '1' } };
  const claudeDesktop = { mcpServers: { chaperone: { command: process.execPath, args: stdioArgs, ...env } } };
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
