import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateWindow } from '../../src/main/core/rateLimit.ts';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import { action, request, tempDataDir, text } from './support/fakes.ts';

test('calls over the per-session limit fail at once with the limit and when to retry; other sessions are unaffected', async () => {
  let clock = 1_000_000;
  const sup = await createSupervisor({ dataDir: tempDataDir(), now: () => clock, log: () => undefined });
  assert.deepEqual(sup.saveSettings({ ...sup.settings(), rateLimitPerMinute: 3 }), { ok: true });
  let runs = 0;
  const move = action(async () => ((runs += 1), text('moved')));
  for (let i = 0; i < 3; i += 1) {
    assert.deepEqual(await sup.call(request('move', { x: i, y: 0 }), move), text('moved'));
    clock += 10_000;
  }
  const refused = await sup.call(request('move', { x: 9, y: 9 }), move);
  assert.deepEqual(refused, {
    isError: true,
    content: [{ type: 'text', text: 'Rate limit reached: this session may make at most 3 calls per minute. Try again in 30 s.' }],
  });
  assert.equal(runs, 3);
  assert.equal(sup.feed().at(-1)?.status, 'denied');
  assert.deepEqual(await sup.call(request('move', { x: 1, y: 1 }, { sessionId: 'other' }), move), text('moved'));
  clock += 30_000;
  assert.deepEqual(await sup.call(request('move', { x: 1, y: 1 }), move), text('moved'));
  await sup.close();
});

test('the window slides over thousands of calls: expired calls free room, the rest still count', () => {
  const window = new RateWindow();
  const limit = 2_500;
  for (let i = 0; i < limit; i += 1) assert.equal(window.take(i * 10, limit), 0);
  assert.equal(window.take(25_000, limit), 35_000, 'full: the oldest call (at 0) leaves the window at 60,000');
  // Past the first window: every earlier call has expired, over 1,024 of them at once.
  for (let i = 0; i < limit; i += 1) assert.equal(window.take(100_000 + i, limit), 0);
  assert.equal(window.take(100_000 + limit, limit), 60_000 - limit);
  assert.equal(window.take(160_000, limit), 0, 'the first call of the second burst has expired');
});
