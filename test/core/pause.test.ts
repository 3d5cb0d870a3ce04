import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import type { SupervisorEvent } from '../../src/shared/types.ts';
import { action, request, sleep, tempDataDir, text, waitFor } from './support/fakes.ts';

test('new calls wait in paused and run in arrival order on resume', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  const events: SupervisorEvent[] = [];
  sup.subscribe((event) => events.push(event));
  sup.pause('panel', 'Lunch break.');
  assert.equal(sup.state().status, 'paused');
  assert.equal(sup.state().reason, 'Lunch break.');
  const order: number[] = [];
  const waiting: string[] = [];
  const calls = [1, 2, 3].map((n) =>
    sup.call(
      request('move', { x: n, y: n }, { sessionId: `s${n}`, onWaiting: (m) => waiting.push(m) }),
      action(async () => {
        order.push(n);
        return text(`moved ${n}`);
      }),
    ),
  );
  await sleep(150);
  assert.deepEqual(order, []);
  assert.deepEqual(sup.feed().map((e) => e.status), ['paused', 'paused', 'paused']);
  assert.equal(sup.feed()[0]?.note, 'Lunch break.');
  assert.equal(waiting.length, 3);
  sup.resume('panel');
  const outputs = await Promise.all(calls);
  assert.deepEqual(order, [1, 2, 3]);
  assert.deepEqual(outputs.map((o) => o.content[0]), [1, 2, 3].map((n) => ({ type: 'text', text: `moved ${n}` })));
  assert.deepEqual(events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.status : '')), ['paused', 'running']);
  await sup.close();
});

test('a running action’s gate() blocks within 100 ms of pause and continues where it stopped after resume', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  let typed = 0;
  const result = sup.call(
    request('type', { text: 'x'.repeat(40) }),
    action(async (ctx) => {
      for (let i = 0; i < 40; i += 1) {
        await ctx.gate();
        typed += 1;
        await sleep(10);
      }
      return text(`typed ${typed}`);
    }),
  );
  await waitFor(() => typed >= 5);
  const pausedAt = performance.now();
  sup.pause('panel');
  const atPause = typed;
  await sleep(50);
  const settled = typed;
  assert.ok(settled - atPause <= 1, `typed ${settled - atPause} characters after pausing`);
  assert.ok(performance.now() - pausedAt < 100 + 50);
  await sleep(300);
  assert.equal(typed, settled, 'nothing typed while paused');
  assert.equal(sup.feed().at(-1)?.status, 'paused');
  sup.resume('panel');
  assert.deepEqual(await result, text('typed 40'));
  assert.equal(sup.feed().at(-1)?.status, 'done');
  await sup.close();
});

test('closing a session cancels its calls waiting in pause; other sessions still run on resume', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  sup.pause('panel');
  const ran: string[] = [];
  const move = (sessionId: string) =>
    sup.call(request('move', { x: 1, y: 1 }, { sessionId }), action(async () => (ran.push(sessionId), text('moved'))));
  const gone = move('gone');
  const kept = move('kept');
  await waitFor(() => sup.feed().every((e) => e.status === 'paused') && sup.feed().length === 2);
  sup.sessionClosed('gone');
  assert.match(((await gone).content[0] as { text: string }).text, /session closed/);
  sup.resume('panel');
  assert.deepEqual(await kept, text('moved'));
  assert.deepEqual(ran, ['kept']);
  await sup.close();
});
