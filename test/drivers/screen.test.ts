import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { createScreenDriver } from '../../src/main/drivers/screen.js';
import { encodeForModel } from '../../src/main/mcp/tools/screenImage.js';
import { htmlPage, type HeadfulChromium } from '../support/chromium.js';
import { closeChromium, openDesktopPage } from './support/desktop.js';

let chrome: HeadfulChromium;
const screen = createScreenDriver();

// Left half pure red, right half pure blue, a green square at (600,300)-(700,400).
const PAGE = htmlPage(`<div style="position:fixed;inset:0 50% 0 0;background:#ff0000"></div>
<div style="position:fixed;inset:0 0 0 50%;background:#0000ff"></div>
<div style="position:fixed;left:600px;top:300px;width:100px;height:100px;background:#00ff00"></div>`);

function pixel(image: { width: number; channels: number; data: Buffer }, x: number, y: number): number[] {
  const at = (y * image.width + x) * image.channels;
  return [...image.data.subarray(at, at + 3)];
}

before(async () => {
  ({ chrome } = await openDesktopPage(PAGE, { windowManager: false }));
  await new Promise((r) => setTimeout(r, 300));
});

after(async () => {
  await closeChromium(chrome);
});

test('reports the screen size and captures it in RGBA with the right colours', async () => {
  assert.deepEqual(await screen.size(), { width: 1280, height: 800 });
  const raw = await screen.capture();
  assert.equal(raw.width, 1280);
  assert.equal(raw.height, 800);
  assert.equal(raw.channels, 4);
  assert.equal(raw.data.length, 1280 * 800 * 4);
  assert.deepEqual(pixel(raw, 100, 100), [255, 0, 0]);
  assert.deepEqual(pixel(raw, 1100, 700), [0, 0, 255]);
  assert.deepEqual(pixel(raw, 650, 350), [0, 255, 0]);
  assert.equal(raw.data[3], 255);
});

test('captures a region at its own size, and rejects one off the screen', async () => {
  const raw = await screen.capture({ x: 590, y: 290, width: 30, height: 20 });
  assert.equal(raw.width, 30);
  assert.equal(raw.height, 20);
  assert.deepEqual(pixel(raw, 0, 0), [255, 0, 0]);
  assert.deepEqual(pixel(raw, 15, 15), [0, 255, 0]);
  await assert.rejects(screen.capture({ x: 5000, y: 10, width: 10, height: 10 }), /lies outside the 1280x800 screen/);
});

test('a full grab plus model encoding takes tens of milliseconds, and the PNG keeps exact colours', async () => {
  await encodeForModel(await screen.capture());
  const runs: number[] = [];
  let last;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    last = await encodeForModel(await screen.capture());
    runs.push(performance.now() - started);
  }
  const median = runs.sort((a, b) => a - b)[2] ?? Infinity;
  console.log(`# capture + encode 1280x800: median ${median.toFixed(1)} ms`);
  assert.ok(median < 100, `capture + encode took ${median.toFixed(1)} ms`);
  assert.ok(last);
  assert.equal(last.mimeType, 'image/png');
  const decoded = await sharp(Buffer.from(last.data, 'base64')).raw().toBuffer({ resolveWithObject: true });
  assert.equal(decoded.info.width, 1280);
  assert.deepEqual(pixel({ width: decoded.info.width, channels: decoded.info.channels, data: decoded.data }, 650, 350), [0, 255, 0]);
});
