import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPointerDriver } from '../../src/main/drivers/pointer.js';
import { htmlPage, type HeadfulChromium } from '../support/chromium.js';
import { closeChromium, eventually, openDesktopPage, testControl } from './support/desktop.js';

let chrome: HeadfulChromium;
const pointer = createPointerDriver();

const PAGE = htmlPage(`
<button id="b" style="position:absolute;left:100px;top:100px;width:200px;height:80px">click me</button>
<div id="pad" style="position:absolute;left:400px;top:100px;width:600px;height:300px;background:#ddd"></div>
<div style="height:6000px;width:10px"></div>
<script>
window.clicks = 0; window.buttons = []; window.drag = null;
document.getElementById('b').addEventListener('click', () => window.clicks++);
document.addEventListener('mouseup', (e) => window.buttons.push(e.button));
document.addEventListener('contextmenu', (e) => e.preventDefault());
const pad = document.getElementById('pad');
pad.addEventListener('mousedown', (e) => { window.drag = { from: [e.clientX, e.clientY], moves: 0, to: null }; });
document.addEventListener('mousemove', (e) => { if (window.drag && !window.drag.to && e.buttons === 1) window.drag.moves++; });
document.addEventListener('mouseup', (e) => { if (window.drag && !window.drag.to) window.drag.to = [e.clientX, e.clientY]; });
</script>`);

before(async () => {
  ({ chrome } = await openDesktopPage(PAGE));
});

after(async () => {
  await pointer.releaseAll().catch(() => undefined);
  await closeChromium(chrome);
});

const read = <T>(expression: string) => chrome.page.evaluate(expression) as Promise<T>;

test('moves, reports its position and where it left the cursor', async () => {
  assert.equal(pointer.lastPlaced(), null);
  await pointer.moveTo({ x: 640, y: 500 }, testControl());
  assert.deepEqual(await pointer.position(), { x: 640, y: 500 });
  assert.deepEqual(pointer.lastPlaced(), { x: 640, y: 500 });
});

test('clicks a button once, then double clicks it, with the right buttons', async () => {
  // Kiosk Chromium fills the screen from (0,0), so page and screen coordinates agree.
  await pointer.click({ x: 200, y: 140 }, 'left', 1, testControl());
  assert.ok(await eventually(async () => (await read<number>('window.clicks')) === 1));
  await pointer.click({ x: 200, y: 140 }, 'left', 2, testControl());
  assert.ok(await eventually(async () => (await read<number>('window.clicks')) === 3));
  await pointer.click({ x: 700, y: 600 }, 'right', 1, testControl());
  assert.ok(await eventually(async () => (await read<number[]>('window.buttons')).includes(2)));
  await assert.rejects(pointer.click({ x: 1, y: 1 }, 'left', 4, testControl()), /clicks must be 1, 2 or 3/);
});

test('drags in steps from one point to another and releases the button', async () => {
  const ctl = testControl();
  await pointer.drag({ x: 450, y: 150 }, { x: 950, y: 350 }, 'left', ctl);
  assert.ok(await eventually(async () => (await read<{ to: unknown } | null>('window.drag'))?.to != null));
  const drag = await read<{ from: number[]; to: number[]; moves: number }>('window.drag');
  assert.deepEqual(drag.from, [450, 150]);
  assert.deepEqual(drag.to, [950, 350]);
  assert.ok(drag.moves >= 5, `only ${drag.moves} move events`);
  assert.ok(ctl.passed >= 8, 'drag did not gate between its steps');
});

test('an aborted drag still releases the button', async () => {
  await read('window.drag = null');
  const ctl = testControl();
  const dragging = pointer.drag({ x: 450, y: 150 }, { x: 950, y: 350 }, 'left', ctl);
  await new Promise((r) => setTimeout(r, 40));
  ctl.abort();
  await assert.rejects(dragging, { name: 'AbortError' });
  assert.ok(await eventually(async () => (await read<{ to: unknown } | null>('window.drag'))?.to != null), 'the button is still held');
});

/** scrollY once Chromium's smooth-scroll animation has come to rest (unchanged for 300 ms, or after 5 s). */
async function settledScrollY(): Promise<number> {
  const deadline = Date.now() + 5000;
  let last = await read<number>('window.scrollY');
  let stillSince = Date.now();
  while (Date.now() - stillSince < 300 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await read<number>('window.scrollY');
    if (now !== last) {
      last = now;
      stillSince = Date.now();
    }
  }
  return last;
}

test('scrolls down then up one notch per step, gating each notch', async () => {
  await read('window.scrollTo(0, 0)');
  const ctl = testControl();
  await pointer.scroll({ x: 640, y: 600 }, 'down', 5, ctl);
  assert.equal(ctl.passed, 5);
  // Chromium animates wheel scrolling, so the offset settles a little after the last notch.
  assert.ok(await eventually(async () => (await read<number>('window.scrollY')) >= 400, 4000), 'five notches down did not scroll the page');
  const down = await settledScrollY();
  await pointer.scroll(undefined, 'up', 2, testControl());
  assert.ok(await eventually(async () => (await read<number>('window.scrollY')) < down - 100, 4000), 'two notches up did not scroll back');
  await assert.rejects(pointer.scroll(undefined, 'down', 0, testControl()), /whole number from 1/);
});
