// Elements through the SDK's own client: the line format, find, actions by id, stale ids, wait_for, set-of-marks and displays.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import sharp from 'sharp';
import type { DisplayInfo, ElementInfo } from '../../src/main/drivers/types.js';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import { MARK_COLOUR } from '../../src/main/mcp/tools/screenImage.js';
import { fakeDesktop, type FakeDesktop } from './fakeDesktop.js';
import { connectClient } from '../support/mcpClient.js';

const browser = { id: '0x2', title: 'Settings — Example', app: 'chromium', pid: 50 };

function el(role: string, name: string, x: number, y: number, w = 100, h = 30, extra: Partial<ElementInfo> = {}): ElementInfo {
  return { role, name, states: [], bounds: { x, y, width: w, height: h }, window: browser, ...extra };
}

describe('elements', () => {
  let desk: FakeDesktop;
  let client: Client;
  let chaperone: RunningChaperone;
  let dataDir: string;
  let elements: ElementInfo[];
  let atPoint: ElementInfo | null;
  let displays: DisplayInfo[];

  const call = async (name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = (result: CallToolResult): string => result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');

  before(async () => {
    // 1280x800 maps one to one into screenshot space, so lines read in desktop pixels here.
    desk = fakeDesktop(1280, 800);
    desk.drivers.accessibility = {
      snapshot: async () => ({ elements, problem: null }),
      elementAt: async () => atPoint,
      focusedElement: async () => null,
    };
    desk.drivers.screen.displays = async () => displays;
    dataDir = mkdtempSync(join(tmpdir(), 'chaperone-elements-'));
    chaperone = await startChaperone({ port: 0, dataDir, policy: 'autonomous', drivers: desk.drivers, token: 'elements-token' });
    ({ client } = await connectClient(chaperone.mcpUrl, chaperone.token, 'elements-test'));
  });
  after(async () => {
    await client.close();
    await chaperone.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    desk.calls.length = 0;
    displays = [{ id: '1', bounds: { x: 0, y: 0, width: 1280, height: 800 }, scale: 1, primary: true }];
    atPoint = null;
    elements = [
      el('button', 'Delete account', 400, 280, 96, 24, { states: ['focused'] }),
      el('text field', 'Name', 100, 100, 300, 30, { value: 'Ada', states: ['editable'] }),
      el('link', 'Help', 600, 20, 40, 16),
      el('button', 'Approve', 900, 500, 80, 30, { window: { id: '0x9', title: 'Running · Chaperone panel', app: 'chromium', pid: 60 } }),
      el('scroll area', 'Results', 100, 300, 500, 400, { scroll: { vertical: 40 } }),
    ];
  });

  test('desktop_state lists elements in the contract line format, without Chaperone\'s own', async () => {
    const result = text(await call('desktop_state', { screenshot: false }));
    assert.match(result, /\[e\d+\] button "Delete account" \(window "Settings — Example"\) at 400,280 96x24 \[focused\]/);
    assert.match(result, /\[e\d+\] text field "Name" \(window "Settings — Example"\) at 100,100 300x30 \[value "Ada"\]/);
    assert.match(result, /\[e\d+\] scroll area "Results" .* \[scrolled 40% down\]/);
    assert.doesNotMatch(result, /Approve/, 'elements of the panel are never listed to the agent');
  });

  test('past the cap the rest is summarised by window and role', async () => {
    elements = Array.from({ length: 350 }, (_, i) => el(i % 2 ? 'link' : 'button', `Item ${i}`, (i % 30) * 40, Math.floor(i / 30) * 40, 30, 20));
    const result = text(await call('desktop_state', { screenshot: false }));
    assert.equal(result.split('\n').filter((line) => line.startsWith('[e')).length, 300);
    assert.match(result, /… and 50 more elements not listed \(use find to search them\):\n {2}in "Settings — Example": 25 (button|link), 25 (button|link)/);
  });

  test('find searches by name, /regex/ and role; a click by id lands on the element\'s centre; ids stay stable', async () => {
    const found = text(await call('find', { name: 'delete' }));
    const id = /\[(e\d+)\] button "Delete account"/.exec(found)?.[1];
    assert.ok(id, found);
    assert.match(text(await call('find', { name: '/^(help|name)$/' })), /2 elements match/);
    assert.match(text(await call('find', { role: 'link' })), /1 element match .*\n\[e\d+\] link "Help"/);
    assert.match(text(await call('find', { name: 'nothing like it' })), /No element matches name nothing like it/);
    assert.equal((await call('find', { name: '/(a)\\1/' })).isError, true);
    atPoint = elements[0] ?? null;
    const clicked = await call('click', { element: id });
    assert.equal(clicked.isError, undefined, text(clicked));
    assert.deepEqual(desk.calls.find((c) => c[0] === 'click'), ['click', { x: 448, y: 292 }, 'left', 1]);
    const again = text(await call('desktop_state', { screenshot: false }));
    assert.match(again, new RegExp(`\\[${id}\\] button "Delete account"`), 'an unchanged element keeps its id');
    const entry = chaperone.supervisor.feed().filter((e) => e.tool === 'click').at(-1);
    assert.deepEqual(entry?.target?.element, { role: 'button', name: 'Delete account' });
  });

  test('type by id clicks that field first; a stale or unknown id gets a sentence to list again', async () => {
    const id = /\[(e\d+)\] text field "Name"/.exec(text(await call('find', { role: 'text field' })))?.[1];
    atPoint = elements[1] ?? null;
    assert.equal((await call('type', { element: id, text: 'Grace' })).isError, undefined);
    assert.deepEqual(desk.calls.filter((c) => c[0] === 'click' || c[0] === 'type'), [['click', { x: 250, y: 115 }, 'left', 1], ['type', 'Grace']]);
    atPoint = el('link', 'Something else', 0, 0);
    const stale = await call('click', { element: id });
    assert.equal(stale.isError, true);
    assert.match(text(stale), /is no longer where it was: link "Something else" is there now\. Call desktop_state or find again/);
    const unknown = await call('click', { element: 'e99999' });
    assert.match(text(unknown), /no element "e99999" in your latest element list/);
    assert.match(text(await call('click', { element: 'e1', x: 3, y: 4 })), /either an element id or x and y/);
    assert.match(text(await call('drag', { from: { element: id }, to: { x: 5 } })), /Give both x and y for the end of the drag/);
  });

  test('wait_for returns soon after an element appears, and times out saying what was seen', async () => {
    const later = el('button', 'Continue', 700, 700);
    setTimeout(() => elements.push(later), 400);
    const started = performance.now();
    const found = await call('wait_for', { element: { name: 'continue', role: 'button' }, timeout_s: 5 });
    const latency = performance.now() - started - 400;
    assert.equal(found.isError, undefined, text(found));
    assert.match(text(found), /^Found \[e\d+\] button "Continue" .* after \d\.\d s\.$/);
    assert.ok(latency < 200, `found ${latency.toFixed(0)} ms after it appeared`);
    const missing = await call('wait_for', { text: 'Payment complete', timeout_s: 0.3 });
    assert.equal(missing.isError, true);
    assert.match(text(missing), /After 0\.3 s, no text "Payment complete" appeared\. Seen instead:\n\[e\d+\] button "Delete account"/);
    setTimeout(() => elements.splice(0, 1), 200);
    assert.match(text(await call('wait_for', { element: { name: 'Delete account' }, gone: true, timeout_s: 5 })), /has gone, after/);
    assert.match(text(await call('wait_for', { window: 'terminal', timeout_s: 1 })), /Found window "Terminal" \(xterm\)/);
    assert.match(text(await call('wait_for', {})), /Say what to wait for/);
  });

  test('screenshot marks draws each element\'s box in the mark colour and lists the ids', async () => {
    const result = await call('screenshot', { marks: true });
    const image = result.content.find((c) => c.type === 'image');
    assert.ok(image?.type === 'image');
    assert.match(text(result), /\[e\d+\] button "Delete account"/);
    const { data, info } = await sharp(Buffer.from(image.data, 'base64')).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => {
      const i = (y * info.width + x) * info.channels;
      return { r: data[i] ?? 0, g: data[i + 1] ?? 0, b: data[i + 2] ?? 0 };
    };
    // The left and bottom edges of the "Delete account" box (400,280 96x24), inside the 2 px stroke.
    for (const [x, y] of [[401, 292], [448, 302], [495, 292]] as const) {
      const p = pixel(x, y);
      assert.ok(Math.abs(p.r - MARK_COLOUR.r) < 30 && Math.abs(p.g - MARK_COLOUR.g) < 30 && Math.abs(p.b - MARK_COLOUR.b) < 30, `box edge at ${x},${y} is ${JSON.stringify(p)}`);
    }
    const inside = pixel(448, 292);
    assert.ok(Math.abs(inside.g - 0x80) < 10, 'the element itself is not painted over');
  });

  test('displays lists the monitors; a screenshot of display 2 makes coordinates land on display 2', async () => {
    displays = [
      { id: '1', bounds: { x: 0, y: 0, width: 1280, height: 800 }, scale: 1, primary: true, name: 'left' },
      { id: '2', bounds: { x: 1280, y: 0, width: 1024, height: 768 }, scale: 1, primary: false, name: 'right' },
    ];
    desk.screen = { width: 2304, height: 800 };
    const listed = text(await call('displays'));
    assert.match(listed, /2 displays:\n- display 1: 1280x800 at 0,0, scale 1 \(primary, left, your coordinates follow this one\)\n- display 2: 1024x768 at 1280,0, scale 1 \(right\)/);
    const shot = await call('screenshot', { display: '2' });
    assert.match(text(shot), /^\[image\]\nScreen 1024x768 \(display 2, at 1280,0 on the desktop\), image 1024x768/);
    assert.deepEqual(desk.calls.find((c) => c[0] === 'capture'), ['capture', { x: 1280, y: 0, width: 1024, height: 768 }]);
    await call('click', { x: 10, y: 20 });
    assert.deepEqual(desk.calls.find((c) => c[0] === 'click'), ['click', { x: 1290, y: 20 }, 'left', 1]);
    assert.match(text(await call('click', { x: 1100, y: 20 })), /outside the screenshot: x must be 0 to 1023/);
    assert.match(text(await call('screenshot', { display: '7' })), /There is no display "7"\. Displays: 1 \(1280x800 at 0,0, primary\), 2 /);
    await call('screenshot', { display: '1' });
    desk.screen = { width: 1280, height: 800 };
  });
});
