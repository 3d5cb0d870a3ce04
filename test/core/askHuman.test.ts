import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import type { PendingQuestion, SupervisorEvent } from '../../src/shared/types.ts';
import { action, replyText, request, tempDataDir, text, waitFor } from './support/fakes.ts';

const asking = action((ctx) => ctx.askPerson('Which printer should I use?', 600).then(replyText), { risk: 'none' });

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

const askFor = (timeoutS: number) => action((ctx) => ctx.askPerson('Which printer should I use?', timeoutS).then(replyText), { risk: 'none' });

const auditText = (dataDir: string) =>
  readdirSync(join(dataDir, 'audit'))
    .map((file) => readFileSync(join(dataDir, 'audit', file), 'utf8'))
    .join('');

test('a declined question resolves as declined, is audited as declined, and a later answer gets 409', async () => {
  const dataDir = tempDataDir();
  const sup = await createSupervisor({ dataDir, log: () => undefined });
  const result = sup.call(request('ask_human', { question: 'Which printer should I use?' }), askFor(600));
  await waitFor(() => sup.state().pending.length === 1);
  const question = sup.state().pending[0] as PendingQuestion;
  assert.ok(question.expiresAt - question.createdAt === 600_000, 'expiresAt is createdAt plus the timeout');
  assert.deepEqual(sup.declineQuestion(question.id, 'panel'), { ok: true });
  assert.deepEqual(await result, text('declined'));
  assert.equal(sup.answerQuestion(question.id, 'late', 'panel').status, 409);
  await sup.close();
  const decided = auditText(dataDir)
    .split('\n')
    .filter((line) => line.includes('"decided"'))
    .map((line) => JSON.parse(line) as { decision?: string; by?: string });
  // The first decided record is the policy letting ask_human run; the second is the person's.
  assert.deepEqual(
    decided.map((record) => record.decision),
    ['allow', 'declined'],
  );
  assert.equal(decided[1]?.by, 'panel');
});

test('an unanswered question times out after its own timeout and leaves the pending list', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  const started = Date.now();
  const result = sup.call(request('ask_human', { question: 'Which printer should I use?' }), askFor(0.3));
  await waitFor(() => sup.state().pending.length === 1);
  assert.deepEqual(await result, text('timeout'));
  assert.ok(Date.now() - started >= 250, 'it waited for the timeout');
  assert.equal(sup.state().pending.length, 0);
  await sup.close();
});

test('with typed-text redaction on, the answer never reaches the audit log; with it off, it does', async () => {
  for (const typedText of [true, false]) {
    const dataDir = tempDataDir();
    const sup = await createSupervisor({ dataDir, log: () => undefined });
    assert.deepEqual(sup.saveSettings({ ...sup.settings(), redaction: { typedText, clipboard: false } }), { ok: true });
    const result = sup.call(request('ask_human', { question: 'Which printer should I use?' }), askFor(600));
    await waitFor(() => sup.state().pending.length === 1);
    sup.answerQuestion(sup.state().pending[0]?.id ?? '', 'PrinterSecret42', 'panel');
    assert.deepEqual(await result, text('PrinterSecret42'), 'the agent always gets the answer');
    await sup.close();
    const audit = auditText(dataDir);
    assert.match(audit, /"decision":"answered"/);
    assert.equal(audit.includes('PrinterSecret42'), !typedText, `typedText ${typedText}`);
  }
});
