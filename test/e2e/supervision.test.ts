// The supervisor end to end: real Xvfb, headful Chromium read back through CDP, Chaperone over MCP and its HTTP control API.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import type { RunningChaperone } from '../../src/main/http/server.js';
import type { FeedEntry, PendingApproval, Settings, StateSnapshot } from '../../src/shared/types.js';
import { closeChromium } from '../drivers/support/desktop.js';
import { htmlPage, openChromium, type HeadfulChromium } from '../support/chromium.js';
import { startXServer, type XServer } from '../support/xserver.js';
import { connectClient } from '../support/mcpClient.js';

const TOKEN = 'e2e-supervision-token';
const STOPPED = /A person has stopped Chaperone/;

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

/** Mixed-case words with digits and shifted symbols, so a stuck or lost modifier shows in the result. */
function sampleText(length: number): string {
  const words = ['Alpha', 'bravo', 'CHARLIE', 'delta!', 'Echo?', 'f0xtrot', 'Golf#7', 'hotel', '(India)', 'juliet:'];
  let out = '';
  for (let i = 0; out.length < length; i++) out += `${words[i % words.length]} `;
  return out.slice(0, length);
}

/** Whether a pid is gone: no such process, or a zombie waiting for a reaper. */
function processGone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('supervision end to end', () => {
  let x: XServer;
  let chromium: HeadfulChromium;
  let chaperone: RunningChaperone;
  let client: Client;
  let dataDir: string;
  const extraClients: Client[] = [];

  async function connect(name: string): Promise<Client> {
    const { client: c } = await connectClient(chaperone.mcpUrl, TOKEN, name);
    extraClients.push(c);
    return c;
  }

  async function api<T = unknown>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, chaperone.panelUrl), {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(response.status, 200, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as T;
  }

  const state = (): Promise<StateSnapshot> => api<StateSnapshot>('GET', '/api/state');

  async function call(c: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return (await c.callTool({ name, arguments: args }, CallToolResultSchema, { timeout: 60_000 })) as CallToolResult;
  }

  const value = (): Promise<string> => chromium.page.$eval('#t', (el) => (el as HTMLTextAreaElement).value);
  const length = async (): Promise<number> => (await value()).length;

  /** Empties the textarea and gives it the keyboard focus, without touching the X pointer. */
  async function freshTextarea(): Promise<void> {
    await chromium.page.$eval('#t', (el) => {
      (el as HTMLTextAreaElement).value = '';
      (el as HTMLTextAreaElement).focus();
    });
  }

  async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<number> {
    const start = performance.now();
    while (!(await check())) {
      if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await sleep(10);
    }
    return performance.now() - start;
  }

  /** The textarea's value once it equals `wanted`, or its last value after 3 s: Chromium reads X input a moment later. */
  async function settledValue(wanted: string): Promise<string> {
    await until(async () => (await value()) === wanted, 'the text', 3000).catch(() => undefined);
    return value();
  }

  async function saveSettings(change: Partial<Settings>): Promise<void> {
    const current = await api<Settings>('GET', '/api/settings');
    assert.deepEqual(await api('PUT', '/api/settings', { ...current, ...change }), { ok: true });
  }

  before(async () => {
    x = await startXServer({ windowManager: true });
    // nut-js keeps an Xlib connection that would end this process with "XIO: fatal IO error" if the server died first.
    x.stopAfterExit();
    process.env.DISPLAY = x.display;
    delete process.env.WAYLAND_DISPLAY;
    chromium = await openChromium(x.env, htmlPage('<textarea id="t" style="position:absolute;left:20px;top:20px;width:1200px;height:700px;font-size:12px"></textarea>'));
    // A real click gives Chromium's window the X keyboard focus, as a person's would.
    execFileSync('xdotool', ['mousemove', '400', '300', 'click', '1'], { env: x.env });
    dataDir = mkdtempSync(join(tmpdir(), 'chaperone-e2e-supervision-'));
    // Imported after DISPLAY is set: the desktop drivers connect to the display they find at first use.
    const { startChaperone } = await import('../../src/main/http/server.js');
    chaperone = await startChaperone({ port: 0, dataDir, policy: 'autonomous', token: TOKEN });
    client = await connect('e2e-supervision');
  });

  // A test that fails mid-pause or mid-stop must not hold up the ones after it.
  beforeEach(async () => {
    if (!chaperone) return;
    await api('POST', '/api/rearm');
    await api('POST', '/api/resume');
  });

  after(async () => {
    // Each step runs even when an earlier one fails, so no browser outlives the file.
    const steps = [...extraClients.map((c) => () => c.close()), () => chaperone?.close(), () => closeChromium(chromium)];
    for (const step of steps) await Promise.resolve().then(step).catch((err: unknown) => console.error('cleanup:', err));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('context_usage counts a text result by the tokenizer and a 1280x800 screenshot as 1366 tokens', async () => {
    const metered = await connect('e2e-meter');
    const shell = await call(metered, 'shell', { command: "printf 'hello world'" });
    assert.equal(shell.isError, undefined, text(shell));
    const shot = await call(metered, 'screenshot');
    const image = shot.content.find((c) => c.type === 'image');
    assert.ok(image?.type === 'image');
    const size = Buffer.from(image.data, 'base64');
    assert.deepEqual([size.readUInt32BE(16), size.readUInt32BE(20)], [1280, 800], 'the screenshot is a 1280x800 PNG');
    const shellTokens = shell.content.reduce((sum, c) => sum + (c.type === 'text' ? encode(c.text).length : 0), 0);
    const shotText = shot.content.reduce((sum, c) => sum + (c.type === 'text' ? encode(c.text).length : 0), 0);
    const shotTokens = Math.ceil((1280 * 800) / 750) + shotText;
    assert.equal(Math.ceil((1280 * 800) / 750), 1366);
    const usage = text(await call(metered, 'context_usage'));
    assert.match(usage, new RegExp(`^This session's tool results have used ${shellTokens + shotTokens} of 200000 tokens`));
    assert.match(usage, new RegExp(`^- screenshot: 1 call, ${shotTokens} tokens$`, 'm'));
    assert.match(usage, new RegExp(`^- shell: 1 call, ${shellTokens} tokens$`, 'm'));
    const session = (await state()).sessions.find((s) => s.client.startsWith('e2e-meter'));
    assert.equal(session?.tokens, shellTokens + shotTokens + encode(usage).length, 'the panel total includes the context_usage result too');
  });

  test('pause halts a running 3,000-character type within 100 ms; resume finishes it exactly', async () => {
    const wanted = sampleText(3000);
    await freshTextarea();
    const typing = call(client, 'type', { text: wanted });
    await until(async () => (await length()) >= 300, 'typing to begin');
    assert.deepEqual(await api('POST', '/api/pause'), { status: 'paused' });
    const pausedAt = performance.now();
    const samples: { at: number; length: number }[] = [];
    while (performance.now() - pausedAt < 600) {
      samples.push({ at: performance.now() - pausedAt, length: await length() });
      await sleep(5);
    }
    const atPause = samples[0]!.length;
    const after100 = samples.find((s) => s.at >= 100)!.length;
    const last = samples[samples.length - 1]!.length;
    const lastGrowth = samples.reduce((t, s, i) => (i > 0 && s.length > samples[i - 1]!.length ? s.at : t), 0);
    console.log(`pause: ${atPause} chars at the response, ${after100} at 100 ms, ${last} at 600 ms; last growth at ${lastGrowth.toFixed(0)} ms`);
    assert.ok(atPause < wanted.length, 'the pause landed while typing');
    assert.equal(last, after100, 'no character appeared later than 100 ms after the pause');
    const paused = await state();
    assert.equal(paused.status, 'paused');
    const entry = (await api<FeedEntry[]>('GET', '/api/feed')).filter((e) => e.tool === 'type').at(-1);
    assert.equal(entry?.status, 'paused', 'the feed shows the type call paused');
    assert.deepEqual(await api('POST', '/api/resume'), { status: 'running' });
    const result = await typing;
    assert.equal(result.isError, undefined, text(result));
    assert.equal(await settledValue(wanted), wanted);
  });

  test('Stop all ends a long type and kills a shell tree; calls fail until re-armed; then typing is exact', async () => {
    // Outside the data dir: the deny list keeps shell commands out of Chaperone's own folder.
    const pidFile = join(tmpdir(), `chaperone-e2e-sleep-${process.pid}.pid`);
    const shellClient = await connect('e2e-shell');
    const shell = call(shellClient, 'shell', { command: `sh -c 'sleep 300 & echo $! > ${pidFile}; wait'`, timeout_s: 600 });
    await until(() => existsSync(pidFile) && /^\d+\s*$/.test(readFileSync(pidFile, 'utf8')), 'the sleep pid');
    const sleepPid = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(processGone(sleepPid), false, 'the grandchild runs before the stop');

    await freshTextarea();
    const typing = call(client, 'type', { text: sampleText(4000) });
    await until(async () => (await length()) >= 200, 'typing to begin');
    assert.deepEqual(await api('POST', '/api/stop'), { status: 'stopped' });
    const stoppedAt = performance.now();
    const atStop = await length();
    const killedAfter = await until(() => processGone(sleepPid), 'the sleep grandchild to die', 1000);
    await sleep(500 - (performance.now() - stoppedAt));
    const later = await length();
    console.log(`stop: ${later - atStop} characters after the stop response (${atStop} -> ${later}); sleep grandchild gone after ${killedAfter.toFixed(0)} ms`);
    assert.ok(atStop < 4000, 'the stop landed while typing');
    assert.ok(later - atStop <= 5, `${later - atStop} characters appeared after the stop`);

    const typed = await typing;
    assert.equal(typed.isError, true);
    assert.match(text(typed), STOPPED);
    const killed = await shell;
    assert.equal(killed.isError, true, text(killed));
    assert.equal((await state()).status, 'stopped');

    for (const [c, name, args] of [
      [client, 'wait', { seconds: 5 }],
      [client, 'screenshot', {}],
      [shellClient, 'shell', { command: 'true' }],
    ] as const) {
      const started = performance.now();
      const refused = await call(c, name, args);
      assert.equal(refused.isError, true, `${name} refused while stopped`);
      assert.match(text(refused), STOPPED);
      assert.ok(performance.now() - started < 500, `${name} was refused at once`);
    }

    assert.deepEqual(await api('POST', '/api/rearm'), { status: 'running' });
    await freshTextarea();
    const hello = await call(client, 'type', { text: 'Hello World ABC xyz' });
    assert.equal(hello.isError, undefined, text(hello));
    assert.equal(await settledValue('Hello World ABC xyz'), 'Hello World ABC xyz');
  });

  test('a person moving the mouse during a wait pauses Chaperone within about a second; resume lets it finish', async () => {
    execFileSync('xdotool', ['mousemove', '100', '100'], { env: x.env });
    const started = performance.now();
    const waiting = call(client, 'wait', { seconds: 2 });
    await until(async () => (await api<FeedEntry[]>('GET', '/api/feed')).at(-1)?.status === 'running', 'the wait to run');
    await sleep(300);
    execFileSync('xdotool', ['mousemove', '600', '400'], { env: x.env });
    const movedAt = performance.now();
    let seen: StateSnapshot | undefined;
    await until(async () => (seen = await state()).status === 'paused', 'the hands-on pause', 3000);
    const delay = performance.now() - movedAt;
    console.log(`hands-on: paused ${delay.toFixed(0)} ms after the mouse moved`);
    assert.ok(delay < 1000, `paused after ${delay.toFixed(0)} ms`);
    assert.match(seen?.reason ?? '', /mouse/);
    // Paused for 700 ms: the 50 ms slice of waiting that was under way when the pause came may still count.
    await sleep(700);
    assert.deepEqual(await api('POST', '/api/resume'), { status: 'running' });
    const result = await waiting;
    assert.equal(text(result), 'Waited 2 s.');
    assert.ok(performance.now() - started >= 2500, 'the paused time did not count as waiting');
  });

  test('the rate limit refuses the sixth call of five a minute, and other sessions are still served', async () => {
    const before = await api<Settings>('GET', '/api/settings');
    await saveSettings({ rateLimitPerMinute: 5 });
    try {
      const after = await api<Settings>('GET', '/api/settings');
      assert.deepEqual(after, { ...before, rateLimitPerMinute: 5 }, 'only the rate limit changed');
      const busy = await connect('e2e-busy');
      for (let i = 0; i < 5; i++) assert.equal(text(await call(busy, 'wait', { seconds: 0 })), 'Waited 0 s.');
      const sixth = await call(busy, 'wait', { seconds: 0 });
      assert.equal(sixth.isError, true);
      assert.match(text(sixth), /Rate limit reached: this session may make at most 5 calls per minute/);
      const other = await connect('e2e-other');
      assert.equal(text(await call(other, 'wait', { seconds: 0 })), 'Waited 0 s.');
    } finally {
      await saveSettings({ rateLimitPerMinute: before.rateLimitPerMinute });
    }
  });

  test('MCP progress keeps a client with a 10 s timeout alive while a shell call waits 13 s for approval', async () => {
    await saveSettings({ preset: 'supervised' });
    try {
      const asking = await connect('e2e-progress');
      const progress: Progress[] = [];
      const started = performance.now();
      const running = asking.callTool({ name: 'shell', arguments: { command: "printf 'approved'" } }, CallToolResultSchema, {
        timeout: 10_000,
        resetTimeoutOnProgress: true,
        onprogress: (p) => progress.push(p),
      });
      let approval: PendingApproval | undefined;
      await until(async () => (approval = (await state()).pending.find((p): p is PendingApproval => p.kind === 'approval')) !== undefined, 'the approval');
      await sleep(13_000 - (performance.now() - started));
      assert.deepEqual(await api('POST', `/api/approvals/${approval!.id}`, { decision: 'approve' }), { ok: true });
      const result = (await running) as CallToolResult;
      assert.equal(result.isError, undefined, text(result));
      assert.match(text(result), /^Exit code 0\.[^]*--- stdout ---\napproved\n/);
      assert.ok(performance.now() - started >= 13_000);
      assert.ok(progress.length >= 2, `${progress.length} progress notifications arrived`);
    } finally {
      await saveSettings({ preset: 'autonomous' });
    }
  });
});
