// MCP sessions end: idle ones expire like a DELETE, closed ones leave the registry after the retention window, memory comes back.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import { connectClient } from '../support/mcpClient.js';
import { headlessDrivers, tempDataDir } from './support/harness.js';

const IDLE_MS = 600;
const RETENTION_MS = 400;

async function waitFor(check: () => boolean, what: string, limitMs = 8000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('MCP sessions end', () => {
  const data = tempDataDir();
  let server: RunningChaperone;

  before(async () => {
    server = await startChaperone({ port: 0, dataDir: data.dir, policy: 'autonomous', drivers: headlessDrivers(), panelDir: data.dir, sessionIdleMs: IDLE_MS, sessionRetentionMs: RETENTION_MS });
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  it('closes a session whose client left without DELETE, keeps its feed entries, and forgets it after the retention window', async () => {
    const { client, transport } = await connectClient(server.mcpUrl, server.token, 'leaves-quietly');
    await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
    const id = transport.sessionId;
    assert.ok(id);
    // Closing the client transport ends its event stream and sends no DELETE.
    await transport.close();
    await waitFor(() => server.supervisor.auditRecent().some((record) => record.sessionId === id && record.detail === 'closed'), 'the idle session is closed');
    const res = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': id },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    assert.equal(res.status, 404, 'the expired session is gone from /mcp');
    await waitFor(() => !server.supervisor.state().sessions.some((session) => session.id === id), 'the registry forgets the closed session');
    assert.ok(server.supervisor.feed().some((entry) => entry.sessionId === id && entry.tool === 'wait'), 'its feed entries stay');
  });

  it('keeps a session alive while its event stream is open, however long it is quiet', async () => {
    const { client, transport } = await connectClient(server.mcpUrl, server.token, 'stays');
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 3));
    const waited = await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
    assert.notEqual(waited.isError, true);
    assert.ok(server.supervisor.state().sessions.some((session) => session.id === transport.sessionId && session.connected));
    await client.close();
  });

  it('keeps a closed session in the sessions view until the retention window has passed', async () => {
    const { client, transport } = await connectClient(server.mcpUrl, server.token, 'deletes');
    const id = transport.sessionId;
    await transport.terminateSession();
    await client.close();
    assert.equal(server.supervisor.state().sessions.find((session) => session.id === id)?.connected, false, 'just closed: still listed, disconnected');
    await waitFor(() => !server.supervisor.state().sessions.some((session) => session.id === id), 'the registry forgets the closed session');
  });
});

describe('memory after 2,000 sessions', () => {
  it('returns to within 10 % of the start once they have ended', { timeout: 60_000 }, async () => {
    const script = fileURLToPath(new URL('./support/sessionChurn.ts', import.meta.url));
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--expose-gc', '--import', 'tsx', script], { timeout: 55_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    });
    const figures = JSON.parse(output) as { before: number; after: number; sessionsLeft: number; ms: number };
    const growth = figures.after / figures.before - 1;
    console.log(`heap after 100 sessions ${(figures.before / 1e6).toFixed(1)} MB, after 2,000 more ${(figures.after / 1e6).toFixed(1)} MB (${(growth * 100).toFixed(1)} %), ${figures.ms} ms`);
    assert.equal(figures.sessionsLeft, 0);
    assert.ok(growth < 0.1, `heap grew ${(growth * 100).toFixed(1)} %`);
  });
});
