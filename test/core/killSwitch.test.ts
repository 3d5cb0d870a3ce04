import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import { FakeKeyboard, FakePointer, action, replyText, request, tempDataDir, text, waitFor } from './support/fakes.ts';

const STOPPED = 'A person has stopped Chaperone (Stop all). No actions will run until a person re-arms it in the Chaperone panel.';

test('stop aborts running actions within 100 ms, releases keys and buttons, cancels waiting calls, refuses later calls until re-armed', async () => {
  const pointer = new FakePointer();
  const keyboard = new FakeKeyboard();
  const sup = await createSupervisor({ dataDir: tempDataDir(), pointer, keyboard, log: () => undefined });
  let abortedAt = 0;
  let started = false;
  const running = sup.call(
    request('wait', { seconds: 30 }),
    action(
      (ctx) =>
        new Promise((_resolve, reject) => {
          started = true;
          ctx.signal.addEventListener('abort', () => {
            abortedAt = performance.now();
            reject(ctx.signal.reason);
          });
        }),
      { risk: 'none' },
    ),
  );
  const awaiting = sup.call(request('shell', { command: 'ls' }, { sessionId: 's2' }), action(async () => text('ran'), { risk: 'critical' }));
  const asking = sup.call(request('ask_human', { question: 'Ready?' }, { sessionId: 's3' }), action((ctx) => ctx.askPerson('Ready?', 600).then(replyText), { risk: 'none' }));
  await waitFor(() => started && sup.state().pending.length === 2, 2_000, 'running and waiting calls');

  const stopAt = performance.now();
  await sup.stop('panel');
  for (const output of [await running, await awaiting, await asking]) {
    assert.deepEqual(output, { isError: true, content: [{ type: 'text', text: STOPPED }] });
  }
  assert.ok(abortedAt - stopAt < 100, `aborted after ${abortedAt - stopAt} ms`);
  assert.equal(keyboard.releases, 1);
  assert.equal(pointer.releases, 1);
  assert.deepEqual(sup.feed().map((e) => e.status), ['cancelled', 'cancelled', 'cancelled']);
  assert.equal(sup.state().status, 'stopped');
  assert.equal(sup.state().pending.length, 0);

  let ran = false;
  const before = performance.now();
  const later = await sup.call(request('move', { x: 1, y: 1 }), action(async () => ((ran = true), text('moved'))));
  assert.ok(performance.now() - before < 50);
  assert.deepEqual(later, { isError: true, content: [{ type: 'text', text: STOPPED }] });
  assert.equal(ran, false);
  sup.resume('panel');
  assert.equal(sup.state().status, 'stopped', 'resume does not re-arm');

  sup.rearm('panel');
  assert.equal(sup.state().status, 'running');
  assert.deepEqual(await sup.call(request('move', { x: 1, y: 1 }), action(async () => text('moved'))), text('moved'));
  await sup.close();
});

test('stop cancels calls waiting in pause, and they never run', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  sup.pause('panel');
  let ran = false;
  const paused = sup.call(request('move', { x: 1, y: 1 }), action(async () => ((ran = true), text('moved'))));
  await waitFor(() => sup.feed().at(-1)?.status === 'paused');
  await sup.stop('tray');
  assert.deepEqual(await paused, { isError: true, content: [{ type: 'text', text: STOPPED }] });
  sup.rearm('panel');
  assert.equal(ran, false);
  assert.equal(sup.state().status, 'running');
  await sup.close();
});
