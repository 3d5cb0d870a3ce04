import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import type { PendingApproval, ToolOutput } from '../../src/shared/types.ts';
import { action, request, sleep, tempDataDir, text, waitFor } from './support/fakes.ts';

async function setup(settings: Record<string, unknown> = {}) {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  if (Object.keys(settings).length > 0) assert.deepEqual(sup.saveSettings({ ...sup.settings(), ...settings }), { ok: true });
  let runs = 0;
  const shell = action(
    async () => {
      runs += 1;
      return text('exit 0');
    },
    { risk: 'critical', preview: async () => ({ command: 'ls -la', description: 'Run ls -la in a shell.' }) },
  );
  const pendingApproval = async (): Promise<PendingApproval> => {
    await waitFor(() => sup.state().pending.length > 0, 2_000, 'a pending approval');
    const pending = sup.state().pending[0];
    assert.equal(pending?.kind, 'approval');
    return pending as PendingApproval;
  };
  return { sup, shell, runs: () => runs, pendingApproval };
}

test('an ask waits for approval with the preview, then runs; a second answer gets 409 and an unknown id 404', async () => {
  const { sup, shell, runs, pendingApproval } = await setup();
  const waiting: string[] = [];
  const result = sup.call(request('shell', { command: 'ls -la' }, { onWaiting: (m) => waiting.push(m) }), shell);
  const pending = await pendingApproval();
  assert.equal(pending.tool, 'shell');
  assert.deepEqual(pending.args, { command: 'ls -la' });
  assert.equal(pending.preview.command, 'ls -la');
  assert.equal(pending.expiresAt - pending.createdAt, 120_000);
  assert.equal(sup.feed().at(-1)?.status, 'awaiting approval');
  assert.equal(runs(), 0);
  assert.equal(waiting.length, 1, 'onWaiting is called once at the start');
  assert.deepEqual(sup.answerApproval(pending.id, 'approve', undefined, 'panel'), { ok: true });
  assert.deepEqual(await result, text('exit 0'));
  assert.equal(runs(), 1);
  const entry = sup.feed().at(-1);
  assert.equal(entry?.status, 'done');
  assert.equal(entry?.decidedBy, 'person');
  assert.equal(sup.answerApproval(pending.id, 'approve', undefined, 'panel').status, 409);
  assert.equal(sup.answerApproval('no-such-id', 'approve', undefined, 'panel').status, 404);
  assert.equal(sup.state().pending.length, 0);
  await sup.close();
});

test('always allows that tool for that session only', async () => {
  const { sup, shell, runs, pendingApproval } = await setup();
  const first = sup.call(request('shell', { command: 'ls' }), shell);
  sup.answerApproval((await pendingApproval()).id, 'always', undefined, 'panel');
  await first;
  assert.deepEqual(await sup.call(request('shell', { command: 'pwd' }), shell), text('exit 0'));
  assert.equal(sup.feed().at(-1)?.decidedBy, 'always');
  assert.equal(runs(), 2);
  const other = sup.call(request('shell', { command: 'pwd' }, { sessionId: 's2' }), shell);
  const pending = await pendingApproval();
  assert.equal(pending.sessionId, 's2');
  sup.answerApproval(pending.id, 'deny', undefined, 'panel');
  assert.equal((await other).isError, true);
  await sup.close();
});

test('deny hands the person’s reason to the agent word for word and never runs the action', async () => {
  const { sup, shell, runs, pendingApproval } = await setup();
  const result = sup.call(request('shell', { command: 'ls' }), shell);
  const reason = 'Not on my work laptop; use the staging VM instead.';
  sup.answerApproval((await pendingApproval()).id, 'deny', reason, 'panel');
  const output: ToolOutput = await result;
  assert.equal(output.isError, true);
  assert.equal(output.content[0]?.type === 'text' && output.content[0].text, `A person denied this action: ${reason}`);
  assert.equal(runs(), 0);
  const entry = sup.feed().at(-1);
  assert.equal(entry?.status, 'denied');
  assert.equal(entry?.note, `A person denied this action: ${reason}`);
  await sup.close();
});

test('no answer within approvalTimeoutS denies with a message saying so', async () => {
  const { sup, shell, runs } = await setup({ approvalTimeoutS: 1 });
  const started = performance.now();
  const output = await sup.call(request('shell', { command: 'ls' }), shell);
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 950 && elapsed < 2_000, `timed out after ${elapsed} ms`);
  assert.equal(output.isError, true);
  assert.match(output.content[0]?.type === 'text' ? output.content[0].text : '', /No one answered the approval request within 1 seconds, so the action was denied/);
  assert.equal(sup.feed().at(-1)?.decidedBy, 'timeout');
  assert.equal(runs(), 0);
  assert.equal(sup.state().pending.length, 0);
  await sup.close();
});

test('onWaiting repeats about every 5 s while the approval waits', async () => {
  const { sup, shell, pendingApproval } = await setup();
  const times: number[] = [];
  const result = sup.call(request('shell', { command: 'ls' }, { onWaiting: () => times.push(performance.now()) }), shell);
  const pending = await pendingApproval();
  await sleep(5_300);
  sup.answerApproval(pending.id, 'approve', undefined, 'panel');
  await result;
  assert.equal(times.length, 2);
  const gap = (times[1] ?? 0) - (times[0] ?? 0);
  assert.ok(gap > 4_800 && gap < 5_500, `gap ${gap}`);
  await sup.close();
});

test('a closed session or an aborted client request cancels its waiting approvals', async () => {
  const { sup, shell, runs, pendingApproval } = await setup();
  const closed = sup.call(request('shell', { command: 'ls' }), shell);
  await pendingApproval();
  sup.sessionClosed('s1');
  const output = await closed;
  assert.equal(output.isError, true);
  assert.equal(sup.feed().at(-1)?.status, 'cancelled');
  assert.equal(sup.state().pending.length, 0);

  const controller = new AbortController();
  const aborted = sup.call(request('shell', { command: 'ls' }, { sessionId: 's3', clientSignal: controller.signal }), shell);
  const pending = await pendingApproval();
  controller.abort();
  assert.match((await aborted).content[0]?.type === 'text' ? ((await aborted).content[0] as { text: string }).text : '', /cancelled by the client/);
  assert.equal(sup.answerApproval(pending.id, 'approve', undefined, 'panel').status, 409);
  assert.equal(runs(), 0);
  await sup.close();
});
