// Tool calls under the real supervisor: approvals with previews and MCP progress, ask_human, pause and the kill switch.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import type { Supervisor } from '../../src/main/core/types.js';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import type { PendingApproval, PendingQuestion, Settings } from '../../src/shared/types.js';
import { screenSpaceFor, toScreen } from '../../src/shared/screenSpace.js';
import { fakeDesktop, type FakeDesktop } from './fakeDesktop.js';
import { connectClient } from '../support/mcpClient.js';

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('tool calls under the real supervisor', () => {
  let desk: FakeDesktop;
  let supervisor: Supervisor;
  let client: Client;
  let chaperone: RunningChaperone;
  let dataDir: string;

  function usePreset(preset: Settings['preset']): void {
    const saved = supervisor.saveSettings({ ...supervisor.settings(), preset });
    assert.deepEqual(saved, { ok: true });
  }

  function pendingApproval(): PendingApproval | undefined {
    return supervisor.state().pending.find((p): p is PendingApproval => p.kind === 'approval');
  }

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chaperone-mcp-'));
    desk = fakeDesktop(2560, 1440);
    chaperone = await startChaperone({ port: 0, dataDir, policy: 'supervised', drivers: desk.drivers, token: 'supervised-test-token' });
    supervisor = chaperone.supervisor;
    ({ client } = await connectClient(chaperone.mcpUrl, chaperone.token, 'supervised-test', '2.0'));
  });

  after(async () => {
    await client.close();
    await chaperone.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a shell call waits for approval, shows the command, and keeps the client alive with progress', async () => {
    usePreset('supervised');
    const progress: Progress[] = [];
    const running = client.callTool({ name: 'shell', arguments: { command: 'ls -la', cwd: '/tmp' } }, CallToolResultSchema, {
      onprogress: (p) => progress.push(p),
      resetTimeoutOnProgress: true,
      timeout: 60_000,
    });
    const approval = await until(pendingApproval, 'the shell approval');
    assert.equal(approval.tool, 'shell');
    assert.equal(approval.preview.command, 'ls -la');
    assert.equal(approval.preview.cwd, '/tmp');
    await until(() => (progress.length > 0 ? true : undefined), 'a progress notification');
    assert.equal(typeof progress[0]?.message, 'string');
    assert.deepEqual(supervisor.answerApproval(approval.id, 'approve', undefined, 'test'), { ok: true });
    const result = (await running) as CallToolResult;
    assert.equal(result.isError, undefined, text(result));
    assert.match(text(result), /^Exit code 0\./);
  });

  test('a denied call reaches no driver and the agent reads the reason', async () => {
    usePreset('supervised');
    desk.calls.length = 0;
    const running = client.callTool({ name: 'shell', arguments: { command: 'rm -r build' } });
    const approval = await until(pendingApproval, 'the shell approval');
    supervisor.answerApproval(approval.id, 'deny', 'not on my machine', 'test');
    const result = (await running) as CallToolResult;
    assert.equal(result.isError, true);
    assert.match(text(result), /not on my machine/);
    assert.equal(desk.calls.some((c) => c[0] === 'shell'), false);
  });

  test('a click approval shows a fresh screenshot with the mapped target marked', async () => {
    usePreset('cautious');
    const running = client.callTool({ name: 'click', arguments: { x: 700, y: 400, button: 'right' } });
    const approval = await until(pendingApproval, 'the click approval');
    assert.equal(approval.preview.description, 'Click the right button once at (700, 400)');
    assert.deepEqual(approval.preview.target, toScreen(screenSpaceFor(2560, 1440), 700, 400));
    assert.match(approval.preview.image ?? '', /^data:image\/(png|jpeg);base64,/);
    supervisor.answerApproval(approval.id, 'approve', undefined, 'test');
    assert.equal(text((await running) as CallToolResult), 'Clicked the right button once at (700, 400).');
    usePreset('supervised');
  });

  test('ask_human returns what the person typed', async () => {
    const running = client.callTool({ name: 'ask_human', arguments: { question: 'Save as PDF?' } });
    const question = await until(
      () => supervisor.state().pending.find((p): p is PendingQuestion => p.kind === 'question'),
      'the question',
    );
    assert.equal(question.question, 'Save as PDF?');
    supervisor.answerQuestion(question.id, 'Yes, A4', 'test');
    assert.equal(text((await running) as CallToolResult), 'The person answered: Yes, A4');
  });

  test('wait halts while paused, and the kill switch ends it at once', async () => {
    usePreset('autonomous');
    const started = Date.now();
    const waiting = client.callTool({ name: 'wait', arguments: { seconds: 0.4 } });
    await new Promise((r) => setTimeout(r, 100));
    supervisor.pause('test');
    await new Promise((r) => setTimeout(r, 600));
    let finished = false;
    void waiting.then(() => (finished = true));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(finished, false, 'wait does not finish while paused');
    supervisor.resume('test');
    assert.equal(text((await waiting) as CallToolResult), 'Waited 0.4 s.');
    assert.ok(Date.now() - started >= 900, 'the paused time did not count');

    const long = client.callTool({ name: 'wait', arguments: { seconds: 30 } });
    await new Promise((r) => setTimeout(r, 150));
    const stopAt = Date.now();
    await supervisor.stop('test');
    const stopped = (await long) as CallToolResult;
    assert.ok(Date.now() - stopAt < 500, 'the wait ended promptly');
    assert.equal(stopped.isError, true);
    const refused = (await client.callTool({ name: 'context_usage', arguments: {} })) as CallToolResult;
    assert.equal(refused.isError, true);
    supervisor.rearm('test');
    assert.match(text((await client.callTool({ name: 'context_usage', arguments: {} })) as CallToolResult), /tool results have used \d+ of 200000 tokens/);
  });
});
