// 20 sessions × 200 calls with a script answering approvals: every call answered, and exactly one requested and one finished record each.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import type { AuditRecord, StateSnapshot } from '../../src/shared/types.js';
import { startChaperone } from '../../src/main/http/server.js';
import { connectClient } from '../support/mcpClient.js';
import { fakeDesktop } from '../mcp/fakeDesktop.js';
import { tempDataDir } from './support/harness.js';

const SESSIONS = 20;
const CALLS = 200;

it('runs 20 × 200 calls with scripted approvals and accounts for each exactly once', { timeout: 120_000 }, async () => {
  const data = tempDataDir();
  const server = await startChaperone({ port: 0, dataDir: data.dir, policy: 'supervised', drivers: fakeDesktop().drivers, panelDir: data.dir });
  const base = `http://127.0.0.1:${server.port}`;
  const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
  let approving = true;
  let answered = 0;
  // The person, as a script: reads the pending list over /api and answers each item, alternating approve and deny.
  const approver = (async () => {
    while (approving) {
      const state = (await (await fetch(`${base}/api/state`, { headers })).json()) as StateSnapshot;
      for (const item of state.pending) {
        const decision = answered++ % 2 === 0 ? 'approve' : 'deny';
        await (await fetch(`${base}/api/approvals/${encodeURIComponent(item.id)}`, { method: 'POST', headers, body: JSON.stringify({ decision }) })).text();
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: SESSIONS }, async (_, n) => {
      const { client } = await connectClient(server.mcpUrl, server.token, `load-${n}`);
      let errors = 0;
      for (let i = 0; i < CALLS; i++) {
        const call = i % 10 === 0 ? { name: 'shell', arguments: { command: `echo ${n}-${i}` } } : { name: 'wait', arguments: { seconds: 0 } };
        const result = await client.callTool(call, undefined, { timeout: 30_000 });
        if (result.isError === true) errors += 1;
      }
      await client.close();
      return errors;
    }),
  );
  approving = false;
  await approver;
  const ms = Date.now() - started;
  await server.close();

  const records = readdirSync(join(data.dir, 'audit'))
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(data.dir, 'audit', name), 'utf8').split('\n').filter((line) => line !== ''))
    .map((line) => JSON.parse(line) as AuditRecord);
  const perCall = new Map<string, { requested: number; finished: number }>();
  for (const record of records) {
    if (record.callId === undefined || (record.event !== 'requested' && record.event !== 'finished')) continue;
    const counts = perCall.get(record.callId) ?? { requested: 0, finished: 0 };
    counts[record.event] += 1;
    perCall.set(record.callId, counts);
  }
  data.remove();
  console.log(`${SESSIONS * CALLS} calls in ${ms} ms, ${answered} approvals answered, ${results.reduce((a, b) => a + b, 0)} refused`);
  assert.equal(perCall.size, SESSIONS * CALLS);
  for (const [callId, counts] of perCall) assert.deepEqual(counts, { requested: 1, finished: 1 }, callId);
  assert.equal(answered, SESSIONS * (CALLS / 10));
  assert.equal(results.reduce((a, b) => a + b, 0), answered / 2, 'exactly the denied calls are errors');
});
