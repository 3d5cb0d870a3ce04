// The person's seat under attack: the panel open in a real Chromium window on the display the agent drives, a real MCP client as the agent.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Locator } from 'playwright-core';
import type { RunningChaperone } from '../../src/main/http/server.js';
import type { AuditRecord, FeedEntry, StateSnapshot } from '../../src/shared/types.js';
import { closeChromium } from '../drivers/support/desktop.js';
import { htmlPage, openChromium, type HeadfulChromium } from '../support/chromium.js';
import { connectClient } from '../support/mcpClient.js';
import { startXServer, type XServer } from '../support/xserver.js';

const TOKEN = 'e2e-person-seat-token';
const OWN = /may not operate Chaperone's own controls/;

let x: XServer;
let chaperone: RunningChaperone;
let panel: HeadfulChromium;
let other: HeadfulChromium;
let agent: Client;
let dataDir: string;

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await agent.callTool({ name, arguments: args }, CallToolResultSchema, { timeout: 60_000 })) as CallToolResult;
}

async function api<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await fetch(new URL(path, chaperone.panelUrl), {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${method} ${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** The screen pixel at the centre of an element of the panel's app window (screen and screenshot space are the same at 1280x800). */
async function onScreen(locator: Locator): Promise<{ x: number; y: number }> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const border = (window.outerWidth - window.innerWidth) / 2;
    return {
      x: Math.round(window.screenX + border + box.x + box.width / 2),
      y: Math.round(window.screenY + (window.outerHeight - window.innerHeight - border) + box.y + box.height / 2),
    };
  });
}

/** A person's click through the X server. */
function personClick(point: { x: number; y: number }): void {
  execFileSync('xdotool', ['mousemove', String(point.x), String(point.y), 'click', '1'], { env: x.env });
}

async function pendingShell(): Promise<{ result: Promise<CallToolResult>; file: string }> {
  const file = join(dataDir, '..', `seat-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const result = call('shell', { command: `echo ran >> ${file}` });
  await until(async () => (await api<StateSnapshot>('/api/state')).pending.length === 1, 'the pending shell approval');
  await panel.page.getByRole('dialog', { name: 'Approve action?' }).waitFor();
  // Approve is disarmed for half a second after the dialog shows, so a double click cannot approve the next call.
  await sleep(700);
  return { result, file };
}

function runs(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

async function personApproves(): Promise<void> {
  await panel.page.getByRole('dialog', { name: 'Approve action?' }).getByRole('button', { name: 'Approve', exact: true }).click();
}

before(async () => {
  x = await startXServer({ windowManager: true });
  x.stopAfterExit();
  process.env.DISPLAY = x.display;
  delete process.env.WAYLAND_DISPLAY;
  dataDir = mkdtempSync(join(tmpdir(), 'chaperone-e2e-seat-'));
  const { startChaperone } = await import('../../src/main/http/server.js');
  chaperone = await startChaperone({ port: 0, dataDir: join(dataDir, 'data'), policy: 'supervised', token: TOKEN });
  other = await openChromium(
    x.env,
    htmlPage('<button id="b" style="position:absolute;left:100px;top:100px;width:300px;height:200px" onclick="this.dataset.n=(+(this.dataset.n||0))+1">Other app</button>'),
    { width: 620, height: 760 },
    { position: { x: 0, y: 0 }, app: true },
  );
  panel = await openChromium(x.env, `${chaperone.panelUrl}?token=${TOKEN}`, { width: 640, height: 760 }, { position: { x: 640, y: 0 }, app: true });
  await panel.page.getByRole('button', { name: 'Stop all' }).waitFor();
  const { client } = await connectClient(chaperone.mcpUrl, TOKEN, 'seat-agent');
  agent = client;
});

after(async () => {
  const steps = [() => agent?.close(), () => chaperone?.close(), () => closeChromium(panel), () => closeChromium(other)];
  for (const step of steps) await Promise.resolve().then(step).catch((err: unknown) => console.error('cleanup:', err));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the agent clicking Approve on its own shell call is refused; the command runs once, after the person approves', async () => {
  const { result, file } = await pendingShell();
  const dialog = panel.page.getByRole('dialog', { name: 'Approve action?' });
  // The mapping from page to screen is right: a person's click at the Reason box's point lands in it.
  const reason = dialog.getByRole('textbox', { name: 'Reason' });
  await panel.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  personClick(await onScreen(reason));
  await until(() => reason.evaluate((el) => el === document.activeElement), 'the Reason box to take a real click');
  const approve = await onScreen(dialog.getByRole('button', { name: 'Approve', exact: true }));
  const click = await call('click', { x: approve.x, y: approve.y });
  assert.equal(click.isError, true, text(click));
  assert.match(text(click), OWN);
  await sleep(300);
  assert.equal(runs(file), 0, 'the agent did not approve its own command');
  assert.equal((await api<StateSnapshot>('/api/state')).pending.length, 1, 'the approval still waits for the person');
  await personApproves();
  assert.equal((await result).isError, undefined);
  assert.equal(runs(file), 1);
  const feed = await api<FeedEntry[]>('/api/feed');
  const refused = feed.find((entry) => entry.tool === 'click' && entry.status === 'denied');
  assert.match(refused?.target?.window?.title ?? '', /Chaperone panel/);
  assert.match(refused?.note ?? '', OWN);
  const { records } = await api<{ records: AuditRecord[] }>('/api/audit');
  const decided = records.find((record) => record.callId === refused?.id && record.event === 'decided');
  assert.equal(decided?.by, 'chaperone (own window)');
});

test("with the person's focus on Approve, the agent's key Return does not approve", async () => {
  const { result, file } = await pendingShell();
  const dialog = panel.page.getByRole('dialog', { name: 'Approve action?' });
  // The person clicks into the panel (giving its window the X focus), then tabs to Approve.
  personClick(await onScreen(dialog.getByRole('textbox', { name: 'Reason' })));
  await dialog.getByRole('button', { name: 'Approve', exact: true }).focus();
  await until(() => panel.page.evaluate(() => document.hasFocus()), 'the panel window to have the focus');
  await sleep(400);
  const key = await call('key', { keys: 'enter' });
  assert.equal(key.isError, true, text(key));
  assert.match(text(key), OWN);
  const typed = await call('type', { text: '\n' });
  assert.equal(typed.isError, true, text(typed));
  await sleep(300);
  assert.equal(runs(file), 0);
  await personApproves();
  await result;
  assert.equal(runs(file), 1);
});

test("the agent's click on the Settings tab does not open it, and its keys cannot reach the policy", async () => {
  const settingsTab = panel.page.getByRole('tab', { name: 'Settings' });
  const before = await api<StateSnapshot>('/api/state');
  const click = await call('click', await onScreen(settingsTab));
  assert.equal(click.isError, true, text(click));
  assert.match(text(click), OWN);
  await sleep(200);
  assert.equal(await settingsTab.getAttribute('aria-selected'), 'false');
  const drag = await call('drag', { from: { x: 300, y: 400 }, to: await onScreen(settingsTab) });
  assert.equal(drag.isError, true, 'a drag that ends on the panel is refused');
  const scroll = await call('scroll', { ...(await onScreen(settingsTab)), direction: 'down' });
  assert.equal(scroll.isError, true);
  const focus = await call('app', { action: 'focus', name: 'Chaperone panel' });
  assert.equal(focus.isError, true, text(focus));
  assert.match(text(focus), /own window/);
  assert.deepEqual((await api<StateSnapshot>('/api/state')).policy, before.policy);
});

test('a click on another window during a pending approval waits, queued with the reason, and runs once the person answered', async () => {
  const { result, file } = await pendingShell();
  const count = (): Promise<string | undefined> => other.page.$eval('#b', (el) => (el as HTMLElement).dataset.n);
  const click = call('click', { x: 250, y: 200 });
  await until(async () => (await api<FeedEntry[]>('/api/feed')).some((entry) => entry.tool === 'click' && entry.status === 'queued'), 'the click to wait');
  const queued = (await api<FeedEntry[]>('/api/feed')).filter((entry) => entry.tool === 'click').at(-1);
  assert.match(queued?.note ?? '', /Waiting while a person answers: an approval for shell/);
  assert.match(queued?.target?.window?.title ?? '', /data:|Other app|about/i);
  await sleep(300);
  assert.equal(await count(), undefined, 'the click did not run while the person was asked');
  await personApproves();
  await result;
  const done = await click;
  assert.equal(done.isError, undefined, text(done));
  await until(async () => (await count()) === '1', 'the click to land on the other window');
  assert.equal(runs(file), 1);
});
