import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { notifyPending } from '../../src/main/electron/notifications.js';
import { createFakeElectron, type FakeElectron, FakeNotification } from './fakeElectron.js';
import { callAwaitingApproval, type SupervisorFixture, supervisorFixture } from './supervisorFixture.js';

let fixture: SupervisorFixture;
let electron: FakeElectron;
let stop: () => void;
let opened = 0;

beforeEach(async () => {
  fixture = await supervisorFixture();
  electron = createFakeElectron();
  opened = 0;
  stop = notifyPending(electron.api, fixture.supervisor, () => void (opened += 1));
});

afterEach(async () => {
  stop();
  await fixture.close();
});

test('each new approval gets one notification; clicking it opens the panel; answering closes it', async () => {
  const first = await callAwaitingApproval(fixture.supervisor, 'echo first');
  assert.equal(FakeNotification.created.length, 1);
  const [notification] = FakeNotification.created;
  assert.ok(notification);
  assert.equal(notification.options.title, 'Approve action?');
  assert.match(notification.options.body, /^test-client: /);
  assert.equal(notification.shown, true);

  const second = await callAwaitingApproval(fixture.supervisor, 'echo second');
  assert.equal(FakeNotification.created.length, 2, 'the first approval is not notified again');

  notification.emit('click');
  assert.equal(opened, 1);

  fixture.supervisor.answerApproval(first.id, 'deny', undefined, 'test');
  await first.result;
  assert.equal(notification.closed, true);
  assert.equal(FakeNotification.created[1]?.closed, false);
  fixture.supervisor.answerApproval(second.id, 'deny', undefined, 'test');
  await second.result;
});

test('a question from ask_human gets a notification with the question', async () => {
  const result = fixture.supervisor.call(
    { sessionId: 'session-1', client: 'test-client', tool: 'ask_human', args: { question: 'Which folder?' } },
    {
      risk: 'none',
      run: async (ctx) => {
        const reply = await ctx.askPerson('Which folder?', 600);
        return { content: [{ type: 'text', text: reply.kind === 'answered' ? reply.answer : reply.kind }] };
      },
    },
  );
  for (let i = 0; i < 200 && FakeNotification.created.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  const [notification] = FakeNotification.created;
  assert.ok(notification);
  assert.deepEqual(notification.options.title, 'Question from the agent');
  assert.equal(notification.options.body, 'test-client asks: Which folder?');
  const [pending] = fixture.supervisor.state().pending;
  assert.ok(pending);
  fixture.supervisor.answerQuestion(pending.id, 'Documents', 'test');
  assert.deepEqual((await result).content, [{ type: 'text', text: 'Documents' }]);
});
