import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import type { SupervisorEvent } from '../../src/shared/types.ts';
import { FakePointer, action, request, sleep, tempDataDir, text, waitFor } from './support/fakes.ts';

async function setup(handsOn: 'pause' | 'stop' | 'off') {
  const pointer = new FakePointer();
  const sup = await createSupervisor({ dataDir: tempDataDir(), pointer, log: () => undefined });
  assert.deepEqual(sup.saveSettings({ ...sup.settings(), handsOn }), { ok: true });
  const notices: string[] = [];
  sup.subscribe((event: SupervisorEvent) => {
    if (event.type === 'notice') notices.push(event.message);
  });
  let steps = 0;
  const typing = action(async (ctx) => {
    for (let i = 0; i < 60; i += 1) {
      await ctx.gate();
      steps += 1;
      await sleep(10);
    }
    return text('typed');
  });
  return { pointer, sup, notices, typing, steps: () => steps };
}

test('a person moving the mouse during an action pauses Chaperone; resume continues the action', async () => {
  const { pointer, sup, notices, typing, steps } = await setup('pause');
  const result = sup.call(request('type', { text: 'hello' }), typing);
  await sleep(250);
  assert.equal(sup.state().status, 'running', 'no false alarm while the cursor rests');
  pointer.at = { x: 400, y: 300 };
  const detectedIn = await waitFor(() => sup.state().status === 'paused', 1_000, 'hands-on pause');
  assert.ok(detectedIn < 300, `detected after ${detectedIn} ms`);
  assert.match(sup.state().reason ?? '', /A person moved the mouse while type was running, so Chaperone paused/);
  assert.equal(notices.length, 1);
  const held = steps();
  await sleep(200);
  assert.ok(steps() - held <= 1, 'the action holds while paused');
  assert.equal(sup.feed().at(-1)?.status, 'paused');
  sup.resume('panel');
  assert.deepEqual(await result, text('typed'));
  assert.equal(sup.state().status, 'running', 'the new cursor position became the baseline after resume');
  await sup.close();
});

test('in stop mode a grab stops everything; the cursor only moving by the driver (or by 3 px) is no grab', async () => {
  const { pointer, sup, typing } = await setup('stop');
  const moving = sup.call(
    request('drag', { from: { x: 1, y: 1 }, to: { x: 500, y: 500 } }),
    action(
      async (ctx) => {
        for (let i = 1; i <= 30; i += 1) {
          await ctx.gate();
          pointer.placed = null;
          pointer.at = { x: i * 10, y: i * 10 };
          pointer.placed = { x: i * 10, y: i * 10 };
          await sleep(10);
        }
        pointer.at = { x: 303, y: 297 };
        await sleep(250);
        return text('dragged');
      },
      { pointer: true },
    ),
  );
  assert.deepEqual(await moving, text('dragged'));
  assert.equal(sup.state().status, 'running');

  const result = sup.call(request('type', { text: 'hello' }), typing);
  await sleep(150);
  pointer.at = { x: 10, y: 700 };
  await waitFor(() => sup.state().status === 'stopped', 1_000, 'hands-on stop');
  const output = await result;
  assert.equal(output.isError, true);
  assert.equal(sup.feed().at(-1)?.status, 'cancelled');
  assert.equal(pointer.releases, 1);
  await sup.close();
});

test('calls that finish quickly cost no cursor polling, and off turns detection off', async () => {
  const { pointer, sup } = await setup('pause');
  for (let i = 0; i < 20; i += 1) await sup.call(request('move', { x: i, y: i }), action(async () => text('moved'), { pointer: true }));
  await sleep(250);
  assert.equal(pointer.positionReads, 0);
  await sup.close();

  const off = await setup('off');
  const result = off.sup.call(request('type', { text: 'hello' }), off.typing);
  await sleep(150);
  off.pointer.at = { x: 900, y: 900 };
  assert.deepEqual(await result, text('typed'));
  assert.equal(off.sup.state().status, 'running');
  assert.equal(off.pointer.positionReads, 0);
  await off.sup.close();
});
