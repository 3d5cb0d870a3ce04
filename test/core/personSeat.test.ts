import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import type { CallContext } from '../../src/main/core/types.ts';
import type { AuditRecord, PendingApproval } from '../../src/shared/types.ts';
import { action, request, sleep, tempDataDir, text, waitFor } from './support/fakes.ts';

async function setup() {
  const dataDir = tempDataDir();
  const sup = await createSupervisor({ dataDir, log: () => undefined });
  const order: string[] = [];
  const input = (name: string, extra: Parameters<typeof action>[1] = {}) =>
    action(async () => {
      order.push(name);
      return text(name);
    }, { makesInput: true, ...extra });
  const shell = input('shell', { risk: 'critical', preview: async () => ({ command: 'ls', description: 'Run ls.' }) });
  const pending = async (): Promise<PendingApproval> => {
    await waitFor(() => sup.state().pending.length > 0, 2_000, 'a pending approval');
    return sup.state().pending[0] as PendingApproval;
  };
  const audit = (): AuditRecord[] =>
    readdirSync(join(dataDir, 'audit'))
      .flatMap((file) => readFileSync(join(dataDir, 'audit', file), 'utf8').trim().split('\n'))
      .map((line) => JSON.parse(line) as AuditRecord);
  return { sup, order, input, shell, pending, audit };
}

test('while an approval waits, input calls from every session wait queued with the reason, read-only calls run, and the held ones run in order after', async () => {
  const { sup, order, input, shell, pending } = await setup();
  const asked = sup.call(request('shell', { command: 'ls' }, { sessionId: 'a' }), shell);
  const approval = await pending();
  const click = sup.call(request('click', { x: 1, y: 1 }, { sessionId: 'b' }), input('click'));
  const key = sup.call(request('key', { keys: 'enter' }, { sessionId: 'a' }), input('key'));
  const look = await sup.call(request('screenshot', {}, { sessionId: 'b' }), action(async () => text('looked'), { risk: 'read-only' }));
  assert.deepEqual(look, text('looked'), 'a read-only call runs while a person is asked');
  await sleep(50);
  assert.deepEqual(order, [], 'no input call ran while the person was asked');
  const held = sup.feed().filter((entry) => entry.tool === 'click' || entry.tool === 'key');
  assert.deepEqual(held.map((entry) => entry.status), ['queued', 'queued']);
  assert.match(held[0]?.note ?? '', /Waiting while a person answers: an approval for shell from test-client 1\.0/);
  assert.deepEqual(sup.answerApproval(approval.id, 'approve', undefined, 'panel'), { ok: true });
  await Promise.all([asked, click, key]);
  assert.deepEqual(order, ['shell', 'click', 'key'], 'the approved call first, then the held ones in arrival order');
  await sup.close();
});

test('a second call that asks waits its turn behind the first approval instead of asking at the same time', async () => {
  const { sup, order, shell, pending } = await setup();
  const first = sup.call(request('shell', { command: 'ls' }), shell);
  const one = await pending();
  const second = sup.call(request('shell', { command: 'ls' }), shell);
  await sleep(50);
  assert.equal(sup.state().pending.length, 1, 'only one approval at a time');
  sup.answerApproval(one.id, 'deny', 'no', 'panel');
  await first;
  await waitFor(() => sup.state().pending.length === 1 && sup.state().pending[0]?.id !== one.id, 2_000, 'the second approval');
  const two = sup.state().pending[0] as PendingApproval;
  sup.answerApproval(two.id, 'approve', undefined, 'panel');
  await second;
  assert.deepEqual(order, ['shell']);
  await sup.close();
});

test('a running input call halts at its next step while a person is asked, and goes on after', async () => {
  const { sup, shell, pending } = await setup();
  let steps = 0;
  const typing = sup.call(
    request('type', { text: 'x' }, { sessionId: 'b' }),
    action(
      async (ctx: CallContext) => {
        for (let i = 0; i < 40; i++) {
          await ctx.gate();
          steps += 1;
          await sleep(10);
        }
        return text('typed');
      },
      { makesInput: true },
    ),
  );
  await waitFor(() => steps >= 3, 2_000, 'typing under way');
  const asked = sup.call(request('shell', { command: 'ls' }), shell);
  const approval = await pending();
  await sleep(30);
  const frozen = steps;
  await sleep(120);
  assert.equal(steps, frozen, 'no step while the person is asked');
  assert.equal(sup.feed().find((entry) => entry.tool === 'type')?.status, 'queued');
  sup.answerApproval(approval.id, 'approve', undefined, 'panel');
  assert.deepEqual(await typing, text('typed'));
  assert.equal(steps, 40);
  await asked;
  await sup.close();
});

test('Stop all cancels the calls held for the person', async () => {
  const { sup, order, input, shell, pending } = await setup();
  const asked = sup.call(request('shell', { command: 'ls' }), shell);
  await pending();
  const click = sup.call(request('click', { x: 1, y: 1 }), input('click'));
  await sleep(20);
  await sup.stop('panel');
  assert.equal((await click).isError, true);
  assert.equal((await asked).isError, true);
  assert.deepEqual(order, []);
  assert.equal(sup.feed().find((entry) => entry.tool === 'click')?.status, 'cancelled');
  await sup.close();
});

test('a call aimed at Chaperone\'s own window is denied, named in the feed and the audit log, and never runs', async () => {
  const { sup, order, input, audit } = await setup();
  const target = { window: { title: 'Running · Chaperone panel - Chromium', app: 'chromium', pid: 7 }, point: { x: 5, y: 6 } };
  const refusal = "The point (5, 6) is on Chaperone's own window. An agent may not operate Chaperone's own controls.";
  const result = await sup.call(request('click', { x: 5, y: 6 }), input('click', { target: async () => ({ target, refusal }) }));
  assert.equal(result.isError, true);
  assert.match(result.content[0]?.type === 'text' ? result.content[0].text : '', /may not operate Chaperone's own controls/);
  assert.deepEqual(order, []);
  const entry = sup.feed().at(-1);
  assert.equal(entry?.status, 'denied');
  assert.deepEqual(entry?.target, target);
  await sup.close();
  const records = audit().filter((record) => record.callId === entry?.id);
  assert.equal(records.find((record) => record.event === 'requested')?.target, '"Running · Chaperone panel - Chromium" (chromium)');
  const decided = records.find((record) => record.event === 'decided');
  assert.equal(decided?.decision, 'deny');
  assert.equal(decided?.by, 'chaperone (own window)');
});

test('a held call looks at its target again before it runs: if Chaperone\'s window is there now, it is refused', async () => {
  const { sup, order, input, shell, pending } = await setup();
  let own = false;
  const click = input('click', {
    target: async () => ({ target: { window: { title: own ? 'Chaperone panel' : 'Editor', app: 'x', pid: 1 } }, refusal: own ? 'It is Chaperone\'s own window.' : undefined }),
  });
  const asked = sup.call(request('shell', { command: 'ls' }), shell);
  const approval = await pending();
  const held = sup.call(request('click', { x: 1, y: 1 }), click);
  await sleep(20);
  own = true;
  sup.answerApproval(approval.id, 'approve', undefined, 'panel');
  await asked;
  const result = await held;
  assert.equal(result.isError, true);
  assert.deepEqual(order, ['shell']);
  assert.equal(sup.feed().at(-1)?.status, 'denied');
  await sup.close();
});

test('an input call whose target cannot be found fails closed: refused, never run', async () => {
  const { sup, order, input } = await setup();
  const hung = await sup.call(request('click', { x: 1, y: 1 }), input('click', { target: () => new Promise(() => undefined) }));
  assert.equal(hung.isError, true);
  assert.match(hung.content[0]?.type === 'text' ? hung.content[0].text : '', /took longer than 2 s\. Chaperone does not make input it cannot place/);
  const broken = await sup.call(request('key', { keys: 'enter' }), input('key', { target: async () => Promise.reject(new Error('X is gone')) }));
  assert.equal(broken.isError, true);
  assert.deepEqual(order, []);
  await sup.close();
});
