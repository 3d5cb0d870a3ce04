import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import type { PendingQuestion, SupervisorEvent } from '../../src/shared/types.ts';
import { action, request, tempDataDir, text, waitFor } from './support/fakes.ts';

const asking = action((ctx) => ctx.askPerson('Which printer should I use?').then(text), { risk: 'none' });

test('askPerson shows a pending question and resolves with the person’s answer; a second answer gets 409', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  const pendingEvents: number[] = [];
  sup.subscribe((event: SupervisorEvent) => {
    if (event.type === 'pending') pendingEvents.push(event.pending.length);
  });
  const result = sup.call(request('ask_human', { question: 'Which printer should I use?' }), asking);
  await waitFor(() => sup.state().pending.length === 1);
  const question = sup.state().pending[0] as PendingQuestion;
  assert.equal(question.kind, 'question');
  assert.equal(question.question, 'Which printer should I use?');
  assert.equal(question.tool, 'ask_human');
  assert.deepEqual(sup.answerQuestion(question.id, 'The one on floor 2.', 'panel'), { ok: true });
  assert.deepEqual(await result, text('The one on floor 2.'));
  assert.deepEqual(pendingEvents, [1, 0]);
  assert.equal(sup.answerQuestion(question.id, 'again', 'panel').status, 409);
  assert.equal(sup.answerQuestion('nope', 'x', 'panel').status, 404);
  await sup.close();
});

test('closing the session cancels its question; other sessions keep theirs', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  const mine = sup.call(request('ask_human', {}), asking);
  const theirs = sup.call(request('ask_human', {}, { sessionId: 's2' }), asking);
  await waitFor(() => sup.state().pending.length === 2);
  sup.sessionClosed('s1');
  const output = await mine;
  assert.equal(output.isError, true);
  assert.match(output.content[0]?.type === 'text' ? output.content[0].text : '', /session closed/);
  const remaining = sup.state().pending;
  assert.equal(remaining.length, 1);
  assert.equal(remaining[0]?.sessionId, 's2');
  sup.answerQuestion(remaining[0]?.id ?? '', 'yes', 'panel');
  assert.deepEqual(await theirs, text('yes'));
  await sup.close();
});
