// Elements end to end: a real agent over MCP, Chaperone's AT-SPI driver on a private accessibility bus, headful Chromium read back over CDP.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import sharp from 'sharp';
import type { RunningChaperone } from '../../src/main/http/server.js';
import { MARK_COLOUR } from '../../src/main/mcp/tools/screenImage.js';
import type { PendingApproval, StateSnapshot } from '../../src/shared/types.js';
import { startAccessibilityBus, type AccessibilityBus } from '../support/accessibility.js';
import { openChromium, type HeadfulChromium } from '../support/chromium.js';
import { connectClient } from '../support/mcpClient.js';
import { startXServer, type XServer } from '../support/xserver.js';

const TOKEN = 'e2e-elements-token';
const PAGE = `<!doctype html><html><head><title>Account settings</title></head><body style="margin:0;font:16px sans-serif">
<div style="position:absolute;left:40px;top:30px">
  <button id="save" onclick="this.dataset.n=(+(this.dataset.n||0))+1">Save changes</button>
  <button id="delete" style="margin-left:20px" onclick="this.dataset.n=(+(this.dataset.n||0))+1">Delete account</button>
</div>
<input id="name" aria-label="Full name" style="position:absolute;left:40px;top:90px;width:240px">
<a href="#help" style="position:absolute;left:40px;top:140px">Help centre</a>
<div id="later" style="position:absolute;left:40px;top:380px"></div>
</body></html>`;

describe('elements end to end', { timeout: 180_000 }, () => {
  let x: XServer;
  let a11y: AccessibilityBus;
  let web: Server;
  let chrome: HeadfulChromium;
  let chaperone: RunningChaperone;
  let agent: Client;
  let dataDir: string;

  const call = async (name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> =>
    (await agent.callTool({ name, arguments: args }, CallToolResultSchema, { timeout: 60_000 })) as CallToolResult;
  const text = (result: CallToolResult): string => result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
  const idOf = (listing: string, line: RegExp): string => {
    const match = new RegExp(`\\[(e\\d+)\\] ${line.source}`).exec(listing);
    assert.ok(match?.[1], `no element line like ${line} in:\n${listing}`);
    return match[1];
  };
  const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, chaperone.panelUrl), { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await response.json()) as T;
  };

  /** Where an element of the page is on the screen, from the DevTools protocol's own box model. */
  async function screenBox(selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const cdp = await chrome.page.context().newCDPSession(chrome.page);
    try {
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { model } = await cdp.send('DOM.getBoxModel', { nodeId });
      const [x1 = 0, y1 = 0, , , x3 = 0, y3 = 0] = model.border;
      const origin = await chrome.page.evaluate(() => {
        const border = (window.outerWidth - window.innerWidth) / 2;
        return { x: window.screenX + border, y: window.screenY + window.outerHeight - window.innerHeight - border };
      });
      return { x: origin.x + x1, y: origin.y + y1, width: x3 - x1, height: y3 - y1 };
    } finally {
      await cdp.detach();
    }
  }

  before(async () => {
    x = await startXServer({ windowManager: true });
    x.stopAfterExit();
    a11y = await startAccessibilityBus(x.env);
    process.env.DISPLAY = x.display;
    process.env.DBUS_SESSION_BUS_ADDRESS = a11y.env.DBUS_SESSION_BUS_ADDRESS;
    delete process.env.WAYLAND_DISPLAY;
    web = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    chrome = await openChromium(a11y.env, `http://127.0.0.1:${(web.address() as AddressInfo).port}/`, { width: 1000, height: 700 }, { accessibility: true, position: { x: 0, y: 0 } });
    dataDir = mkdtempSync(join(tmpdir(), 'chaperone-e2e-elements-'));
    const { startChaperone } = await import('../../src/main/http/server.js');
    chaperone = await startChaperone({ port: 0, dataDir, policy: 'supervised', token: TOKEN });
    ({ client: agent } = await connectClient(chaperone.mcpUrl, TOKEN, 'elements-agent'));
    // Chromium registers with the bus a moment after its window shows.
    const end = Date.now() + 30_000;
    while (!/Delete account/.test(text(await call('find', { name: 'Delete account' })))) {
      if (Date.now() > end) throw new Error('the page never appeared in the accessibility tree');
      await sleep(250);
    }
  });

  after(async () => {
    const steps = [() => agent?.close(), () => chaperone?.close(), () => chrome?.close(), () => void web?.close(), () => a11y?.stop()];
    for (const step of steps) await Promise.resolve().then(step).catch((err: unknown) => console.error('cleanup:', err));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('desktop_state lists the page\'s buttons, field and link with their roles and on-screen bounds', async () => {
    const listing = text(await call('desktop_state', { screenshot: false }));
    const line = /\[e\d+\] button "Save changes" \(window "[^"]*"\) at (\d+),(\d+) (\d+)x(\d+)/.exec(listing);
    assert.ok(line, listing);
    const box = await screenBox('#save');
    // 1280x800 is the screenshot space itself, so element lines read in screen pixels.
    const [lx, ly, lw, lh] = line.slice(1).map(Number) as [number, number, number, number];
    for (const [got, want, what] of [[lx, box.x, 'x'], [ly, box.y, 'y'], [lw, box.width, 'width'], [lh, box.height, 'height']] as const) {
      assert.ok(Math.abs(got - want) <= 3, `${what} ${got} against the box model's ${want}`);
    }
    assert.match(listing, /\[e\d+\] text field "Full name"/);
    assert.match(listing, /\[e\d+\] link "Help centre"/);
  });

  it('a click by id presses the right button, and type by id fills the right field', async () => {
    const save = idOf(text(await call('find', { name: 'save' })), /button "Save changes"/);
    const clicked = await call('click', { element: save });
    assert.equal(clicked.isError, undefined, text(clicked));
    const count = async (): Promise<string | undefined> => chrome.page.$eval('#save', (el) => (el as HTMLElement).dataset.n);
    const end = Date.now() + 3000;
    while ((await count()) !== '1' && Date.now() < end) await sleep(50);
    assert.equal(await count(), '1');
    assert.equal(await chrome.page.$eval('#delete', (el) => (el as HTMLElement).dataset.n), undefined);
    const field = idOf(text(await call('find', { role: 'text field' })), /text field "Full name"/);
    assert.equal((await call('type', { element: field, text: 'Ada Lovelace' })).isError, undefined);
    const typedEnd = Date.now() + 3000;
    while ((await chrome.page.$eval('#name', (el) => (el as HTMLInputElement).value)) !== 'Ada Lovelace' && Date.now() < typedEnd) await sleep(50);
    assert.equal(await chrome.page.$eval('#name', (el) => (el as HTMLInputElement).value), 'Ada Lovelace');
  });

  it('wait_for returns soon after an element appears, and times out with what it saw', async () => {
    const waiting = call('wait_for', { element: { name: 'Appeared later', role: 'button' }, timeout_s: 10 });
    await sleep(500);
    const shownAt = Date.now();
    await chrome.page.evaluate(() => {
      const b = document.createElement('button');
      b.textContent = 'Appeared later';
      document.getElementById('later')?.appendChild(b);
    });
    const found = await waiting;
    const latency = Date.now() - shownAt;
    assert.equal(found.isError, undefined, text(found));
    assert.match(text(found), /^Found \[e\d+\] button "Appeared later"/);
    console.log(`# wait_for: found ${latency} ms after the element appeared`);
    assert.ok(latency < 1000, `wait_for took ${latency} ms after the element appeared`);
    const missing = await call('wait_for', { text: 'Order confirmed', timeout_s: 1 });
    assert.equal(missing.isError, true);
    assert.match(text(missing), /After 1 s, no text "Order confirmed" appeared\. Seen instead:/);
  });

  it('set-of-marks boxes land on the elements', async () => {
    const shot = await call('screenshot', { marks: true });
    const image = shot.content.find((c) => c.type === 'image');
    assert.ok(image?.type === 'image');
    const box = await screenBox('#save');
    const { data, info } = await sharp(Buffer.from(image.data, 'base64')).raw().toBuffer({ resolveWithObject: true });
    const isMark = (px: number, py: number): boolean => {
      const i = (py * info.width + px) * info.channels;
      return Math.abs((data[i] ?? 0) - MARK_COLOUR.r) < 40 && Math.abs((data[i + 1] ?? 0) - MARK_COLOUR.g) < 40 && Math.abs((data[i + 2] ?? 0) - MARK_COLOUR.b) < 40;
    };
    // Somewhere within 3 px of the button's left and bottom edges the box is drawn.
    const near = (xs: number[], ys: number[]): boolean => xs.some((px) => ys.some((py) => isMark(px, py)));
    const midY = Math.round(box.y + box.height / 2);
    const midX = Math.round(box.x + box.width / 2);
    assert.ok(near([0, 1, 2, 3].map((d) => Math.round(box.x) + d), [midY]), 'the left edge of the Save box');
    assert.ok(near([midX], [0, 1, 2, 3].map((d) => Math.round(box.y + box.height) - d)), 'the bottom edge of the Save box');
    assert.match(text(shot), /\[e\d+\] button "Save changes"/);
  });

  it('under supervised, a click on "Delete account" asks, and the approval names the button and why', async () => {
    const del = idOf(text(await call('find', { name: 'Delete account' })), /button "Delete account"/);
    const clicking = call('click', { element: del });
    let pending: PendingApproval | undefined;
    const end = Date.now() + 10_000;
    while (!pending && Date.now() < end) {
      pending = (await api<StateSnapshot>('/api/state')).pending.find((p): p is PendingApproval => p.kind === 'approval');
      if (!pending) await sleep(50);
    }
    assert.ok(pending, 'the click waits for a person');
    assert.deepEqual(pending.preview.on?.element, { role: 'button', name: 'Delete account' });
    assert.match(pending.reason ?? '', /may not be undone/);
    await api(`/api/approvals/${pending.id}`, 'POST', { decision: 'deny', reason: 'not today' });
    const result = await clicking;
    assert.equal(result.isError, true);
    assert.match(text(result), /not today/);
    assert.equal(await chrome.page.$eval('#delete', (el) => (el as HTMLElement).dataset.n), undefined);
  });
});
