// Stop all, Pause and Re-arm through the real HTTP API when the audit log cannot be written: they take effect and say so.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startChaperone } from '../../src/main/http/server.js';
import type { SupervisorEvent } from '../../src/shared/types.js';
import { headlessDrivers, tempDataDir } from './support/harness.js';

test('with the audit dir replaced by a file, Pause and Stop all answer 200, take effect and say recording failed', async () => {
  const data = tempDataDir();
  const server = await startChaperone({ port: 0, dataDir: data.dir, drivers: headlessDrivers(), panelDir: data.dir });
  const notices: string[] = [];
  server.supervisor.subscribe((event: SupervisorEvent) => {
    if (event.type === 'notice') notices.push(event.message);
  });
  const post = async (path: string): Promise<{ code: number; body: Record<string, unknown> }> => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` } });
    return { code: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  try {
    const audit = join(data.dir, 'audit');
    rmSync(audit, { recursive: true });
    writeFileSync(audit, 'not a folder');

    const paused = await post('/api/pause');
    assert.equal(paused.code, 200);
    assert.equal(paused.body.status, 'paused');
    assert.equal(paused.body.recorded, false);
    assert.match(String(paused.body.error), /^Chaperone paused all actions, but could not record that in its audit log: ENOTDIR/);
    assert.equal(server.supervisor.state().status, 'paused');

    const stopped = await post('/api/stop');
    assert.equal(stopped.code, 200);
    assert.equal(stopped.body.status, 'stopped');
    assert.match(String(stopped.body.error), /^Chaperone stopped all actions, but could not record that in its audit log: ENOTDIR/);
    assert.equal(server.supervisor.state().status, 'stopped');
    assert.ok(notices.some((message) => message.startsWith('Chaperone stopped all actions, but could not record')), 'the panel is told too');

    rmSync(audit);
    mkdirSync(audit);
    assert.deepEqual(await post('/api/rearm'), { code: 200, body: { status: 'running' } });
  } finally {
    await server.close();
    data.remove();
  }
});
