import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FEED_CAPACITY, FeedRing } from '../../src/main/core/feed.ts';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import type { FeedEntry, SupervisorEvent } from '../../src/shared/types.ts';
import { action, request, sleep, tempDataDir, text, waitFor } from './support/fakes.ts';

test('a call becomes a feed entry that moves through queued, running and done, with timings, summary and tokens', async () => {
  let clock = 1_000;
  const sup = await createSupervisor({ dataDir: tempDataDir(), now: () => clock, log: () => undefined });
  const statuses: string[] = [];
  sup.subscribe((event: SupervisorEvent) => {
    if (event.type === 'entry') statuses.push(event.entry.status);
  });
  const output = await sup.call(
    request('move', { x: 10, y: 20 }),
    action(async () => {
      clock += 7;
      return text('Moved the pointer to (10, 20).\nScreen 1920x1080.');
    }),
  );
  assert.deepEqual(output, text('Moved the pointer to (10, 20).\nScreen 1920x1080.'));
  assert.deepEqual(statuses, ['queued', 'running'], 'the outcome is published just after the result is handed back');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(statuses, ['queued', 'running', 'done']);
  const entry = sup.feed()[0] as FeedEntry;
  assert.equal(entry.tool, 'move');
  assert.equal(entry.client, 'test-client 1.0');
  assert.equal(entry.risk, 'low');
  assert.deepEqual(entry.args, { x: 10, y: 20 });
  assert.equal(entry.decidedBy, 'policy');
  assert.equal(entry.durationMs, 7);
  assert.equal(entry.summary, 'Moved the pointer to (10, 20).');
  assert.ok((entry.tokens ?? 0) > 5);
  await sup.close();
});

test('whatever reads state right after a call returns sees it finished: feed, usage, audit log', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  await sup.call(request('move', { x: 1, y: 2 }), action(async () => text('Moved the pointer to (1, 2).')));
  assert.equal(sup.auditRecent().at(-1)?.event, 'finished');
  assert.equal(sup.feed().at(-1)?.status, 'done');
  assert.ok(sup.usage('s1').tokens > 0);
  await sup.call(request('move', { x: 3, y: 4 }), action(async () => text('Moved the pointer to (3, 4).')));
  assert.deepEqual(
    sup.auditRecent().map((record) => record.event),
    ['requested', 'decided', 'started', 'finished', 'requested', 'decided', 'started', 'finished'],
  );
  await sup.close();
});

test('a thrown error comes back as an isError result with the plain sentence, never a throw or a stack', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  const failing = action(async () => {
    throw new Error('The desktop cannot be reached: no DISPLAY is set. Start Chaperone inside an X session.');
  });
  const output = await sup.call(request('click', { x: 1, y: 1 }), failing);
  assert.deepEqual(output, {
    isError: true,
    content: [{ type: 'text', text: 'The desktop cannot be reached: no DISPLAY is set. Start Chaperone inside an X session.' }],
  });
  assert.equal(sup.feed()[0]?.status, 'failed');
  const blank = await sup.call(request('click', { x: 1, y: 1 }), action(async () => Promise.reject(new Error(''))));
  assert.match((blank.content[0] as { text: string }).text, /^The click action failed for an unknown reason\./);
  const refused = await sup.call(request('click', { x: 1, y: 1 }), action(async () => ({ isError: true, content: [{ type: 'text', text: 'Out of range.' }] })));
  assert.equal(refused.isError, true);
  assert.equal(sup.feed().at(-1)?.status, 'failed');
  await sup.close();
});

test('the policy denies before anything runs, with the rule’s reason', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), preset: 'autonomous', log: () => undefined });
  let ran = false;
  const output = await sup.call(request('shell', { command: 'rm -rf ~' }), action(async () => ((ran = true), text('gone'))));
  assert.equal(ran, false);
  assert.match((output.content[0] as { text: string }).text, /^Chaperone's policy denies this action: It deletes ~ and everything under it\./);
  assert.equal(sup.feed()[0]?.status, 'denied');
  await sup.close();
});

test('typed text and clipboard contents are redacted in the feed and the audit log when the policy says so', async () => {
  const dataDir = tempDataDir();
  const sup = await createSupervisor({ dataDir, log: () => undefined });
  sup.saveSettings({ ...sup.settings(), redaction: { typedText: true, clipboard: true } });
  await sup.call(request('type', { text: 'hunter2-secret' }), action(async () => text('Typed 14 characters.')));
  await sup.call(request('clipboard', { action: 'get' }), action(async () => text('bank-pin-4321')));
  const [typed, clip] = sup.feed();
  assert.deepEqual(typed?.args, { text: '[redacted 14 chars]' });
  assert.equal(clip?.summary, '[redacted 13 chars]');
  const audit = readdirSync(join(dataDir, 'audit')).map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8')).join('');
  assert.ok(!audit.includes('hunter2') && !audit.includes('bank-pin'));
  assert.ok(audit.includes('[redacted 14 chars]'));
  await sup.close();
});

test('thumbnails come after pointer actions return, off the call, at most about 4 per second', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  const withThumbs: string[] = [];
  sup.subscribe((event: SupervisorEvent) => {
    if (event.type === 'entry' && event.entry.thumbnail) withThumbs.push(event.entry.id);
  });
  let made = 0;
  const click = action(async () => text('clicked'), {
    pointer: true,
    thumbnail: async () => {
      made += 1;
      await sleep(20);
      return 'data:image/jpeg;base64,AAAA';
    },
  });
  let slowest = 0;
  const started = performance.now();
  for (let i = 0; i < 20; i += 1) {
    const before = performance.now();
    await sup.call(request('click', { x: i, y: i }), click);
    slowest = Math.max(slowest, performance.now() - before);
    await sleep(25);
  }
  const elapsed = performance.now() - started;
  await waitFor(() => sup.feed().at(-1)?.thumbnail !== undefined, 2_000, 'the last thumbnail');
  assert.ok(slowest < 15, `a call waited ${slowest} ms; thumbnails must not hold calls`);
  assert.ok(made >= 2 && made <= Math.ceil((elapsed + 300) / 250), `${made} thumbnails in ${Math.round(elapsed)} ms`);
  assert.equal(new Set(withThumbs).size, made);
  const last = sup.feed().at(-1);
  assert.equal(last?.thumbnail, 'data:image/jpeg;base64,AAAA', 'the newest entry got its thumbnail');
  await sup.close();
});

test('state() shows status, sessions with counts and tokens, pending items and the policy', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  sup.sessionOpened('s1', 'claude-code 1.2');
  await sup.call(request('wait', { seconds: 0 }), action(async () => text('Waited 0 s.'), { risk: 'none' }));
  const asking = sup.call(request('shell', { command: 'ls' }), action(async () => text('ok'), { risk: 'critical' }));
  await waitFor(() => sup.state().pending.length === 1);
  const state = sup.state();
  assert.equal(state.status, 'running');
  assert.equal(state.policy.preset, 'supervised');
  assert.equal(state.sessions.length, 1);
  assert.equal(state.sessions[0]?.client, 'claude-code 1.2');
  assert.equal(state.sessions[0]?.calls, 1);
  assert.ok((state.sessions[0]?.tokens ?? 0) > 0);
  assert.equal(state.sessions[0]?.budget, 200_000);
  assert.deepEqual(state.pending.map((p) => [p.kind, p.tool, p.args]), [['approval', 'shell', { command: 'ls' }]]);
  sup.sessionClosed('s1');
  await asking;
  assert.equal(sup.state().sessions[0]?.connected, false);
  await sup.close();
});

test('the feed keeps the newest 10,000 entries, oldest first', () => {
  const ring = new FeedRing();
  for (let seq = 1; seq <= FEED_CAPACITY + 5; seq += 1) {
    ring.add({ id: `e${seq}`, seq, sessionId: 's', client: 'c', tool: 'move', args: {}, risk: 'low', status: 'done', requestedAt: seq });
  }
  assert.equal(ring.size, 10_000);
  const all = ring.recent();
  assert.equal(all.length, 10_000);
  assert.equal(all[0]?.seq, 6);
  assert.equal(all.at(-1)?.seq, 10_005);
  assert.deepEqual(ring.recent(2).map((e) => e.seq), [10_004, 10_005]);
});
