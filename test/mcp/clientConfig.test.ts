// Client config: every snippet carries the URL and token, parses as the client expects, and the CLI prints it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { clientConfigText } from '../../src/main/mcp/clientConfig.js';
import { PACKAGE_ROOT } from '../../src/main/packageInfo.js';
import { envWithoutDisplay, runCli } from '../cli/support/cli.js';
import { tempDataDir } from '../http/support/harness.js';

/** The JSON block that follows a `# <heading>` line. */
function jsonAfter(text: string, heading: string): unknown {
  const start = text.indexOf(heading);
  assert.ok(start >= 0, `has a section for ${heading}`);
  const open = text.indexOf('{', start);
  const end = text.indexOf('\n}\n', open);
  return JSON.parse(text.slice(open, end + 2));
}

describe('client config', () => {
  const mcpUrl = 'http://127.0.0.1:8765/mcp';
  const token = 'tok-ABC_123';
  const bin = join(PACKAGE_ROOT, 'bin', 'chaperone.js');

  it('has ready-to-paste snippets for Claude Desktop, Claude Code, Cursor and VS Code', () => {
    const text = clientConfigText({ mcpUrl, token, dataDir: '/srv/chaperone data' });
    const headers = { Authorization: `Bearer ${token}` };
    assert.deepEqual(jsonAfter(text, '# Claude Desktop'), { mcpServers: { chaperone: { command: process.execPath, args: [bin, 'stdio', '--data-dir', '/srv/chaperone data'] } } });
    assert.ok(text.includes(`claude mcp add --transport http chaperone ${mcpUrl} --header 'Authorization: Bearer ${token}'`));
    assert.deepEqual(jsonAfter(text, '# Cursor'), { mcpServers: { chaperone: { url: mcpUrl, headers } } });
    assert.deepEqual(jsonAfter(text, '# VS Code'), { servers: { chaperone: { type: 'http', url: mcpUrl, headers } } });
  });

  it('leaves the data dir out of the stdio command when it is the default', () => {
    const text = clientConfigText({ mcpUrl, token });
    assert.deepEqual(jsonAfter(text, '# Claude Desktop'), { mcpServers: { chaperone: { command: process.execPath, args: [bin, 'stdio'] } } });
  });

  it('is printed by `chaperone client-config` with the stored token', async () => {
    const data = tempDataDir();
    const result = await runCli(['client-config', '--data-dir', data.dir], envWithoutDisplay());
    assert.equal(result.code, 0, result.stderr);
    const stored = readFileSync(join(data.dir, 'token'), 'utf8').trim();
    for (const client of ['Claude Desktop', 'Claude Code', 'Cursor', 'VS Code']) assert.ok(result.stdout.includes(`# ${client}`), client);
    assert.ok(result.stdout.includes(`Bearer ${stored}`));
    assert.ok(result.stdout.includes('http://127.0.0.1:8765/mcp'));
    const again = await runCli(['client-config', '--data-dir', data.dir], envWithoutDisplay());
    assert.equal(again.stdout, result.stdout, 'the same token both times');
    data.remove();
  });
});
