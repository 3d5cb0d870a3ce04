// Every desktop tool end to end: a real MCP client over HTTP, real Chaperone, a real X server, headful Chromium read back through CDP.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import sharp from 'sharp';
import { screenSpaceFor, toImage } from '../../src/shared/screenSpace.js';
import { htmlPage, openChromium, type HeadfulChromium } from '../support/chromium.js';
import { startXServer, type XServer } from '../support/xserver.js';
import { closeChromium } from '../drivers/support/desktop.js';
import { connectClient } from '../support/mcpClient.js';

const WIDTH = 2560;
const HEIGHT = 1440;
const SPACE = screenSpaceFor(WIDTH, HEIGHT);

interface Running {
  close(): Promise<void>;
}

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

describe('desktop tools end to end', () => {
  let x: XServer;
  let chromium: HeadfulChromium;
  let chaperone: Running;
  let client: Client;
  let dataDir: string;

  async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    return result;
  }

  async function ok(name: string, args: Record<string, unknown> = {}): Promise<string> {
    const result = await call(name, args);
    assert.notEqual(result.isError, true, `${name} failed: ${text(result)}`);
    return text(result);
  }

  /** Where an element's centre shows in the screenshot, from its page rectangle and the window's place on screen. */
  async function imagePointOf(selector: string): Promise<{ x: number; y: number }> {
    const screenPoint = await chromium.page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error(`no ${sel}`);
      const r = el.getBoundingClientRect();
      const left = window.screenX + (window.outerWidth - window.innerWidth);
      const top = window.screenY + (window.outerHeight - window.innerHeight);
      return { x: left + r.left + r.width / 2, y: top + r.top + r.height / 2 };
    }, selector);
    return toImage(SPACE, screenPoint.x, screenPoint.y);
  }

  /** The textarea's value once it equals `wanted`, or its last value after 3 s: Chromium handles X input a moment after the server has it. */
  async function settledValue(wanted: string): Promise<string> {
    const read = () => chromium.page.$eval('#t', (el) => (el as HTMLTextAreaElement).value);
    const end = Date.now() + 3000;
    let value = await read();
    while (value !== wanted && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      value = await read();
    }
    return value;
  }

  async function show(body: string): Promise<void> {
    await chromium.page.setContent(`<!doctype html><html><body style="margin:0">${body}</body></html>`);
    await chromium.page.bringToFront();
  }

  before(async () => {
    x = await startXServer({ width: WIDTH, height: HEIGHT, windowManager: true });
    // nut-js keeps an Xlib connection that would end this process with "XIO: fatal IO error" if the server died first.
    x.stopAfterExit();
    process.env.DISPLAY = x.display;
    delete process.env.WAYLAND_DISPLAY;
    chromium = await openChromium(x.env, htmlPage('<p>starting</p>'), { width: WIDTH, height: HEIGHT });
    dataDir = mkdtempSync(join(tmpdir(), 'chaperone-e2e-'));
    // Imported after DISPLAY is set: the desktop drivers connect to the display they find at first use.
    const { startChaperone } = await import('../../src/main/http/server.js');
    const started = await startChaperone({ port: 0, dataDir, policy: 'autonomous', token: 'e2e-token' });
    chaperone = started;
    ({ client } = await connectClient(started.mcpUrl, started.token, 'e2e'));
  });

  after(async () => {
    // Each step runs even when an earlier one fails, so no browser outlives the file.
    const steps = [() => client?.close(), () => chaperone?.close(), () => closeChromium(chromium)];
    for (const step of steps) await Promise.resolve().then(step).catch((err: unknown) => console.error('cleanup:', err));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('screenshot text line and image size follow the screenshot space', async () => {
    const result = await call('screenshot');
    assert.equal(text(result).split('\n')[1], 'Screen 2560x1440, image 1429x804, scale 0.558 (coordinates you give are in image pixels)');
    const image = result.content.find((c) => c.type === 'image');
    assert.ok(image?.type === 'image');
    const meta = await sharp(Buffer.from(image.data, 'base64')).metadata();
    assert.deepEqual([meta.width, meta.height], [1429, 804]);
  });

  test('a 24 px button found in the screenshot is hit by a click at that image point', async () => {
    await show(
      '<button id="target" style="position:absolute;left:1837px;top:1103px;width:24px;height:24px;padding:0;border:0;background:#ff0000"></button>' +
        '<script>window.hits=[];document.getElementById("target").addEventListener("click",e=>hits.push({x:e.screenX,y:e.screenY,trusted:e.isTrusted}));</script>',
    );
    const shot = await call('screenshot');
    const image = shot.content.find((c) => c.type === 'image');
    assert.ok(image?.type === 'image');
    const { data, info } = await sharp(Buffer.from(image.data, 'base64')).raw().toBuffer({ resolveWithObject: true });
    let sumX = 0;
    let sumY = 0;
    let count = 0;
    for (let y = 0; y < info.height; y++) {
      for (let px = 0; px < info.width; px++) {
        const i = (y * info.width + px) * info.channels;
        if (data[i]! > 200 && data[i + 1]! < 60 && data[i + 2]! < 60) {
          sumX += px;
          sumY += y;
          count++;
        }
      }
    }
    assert.ok(count > 50, `the red target shows in the screenshot (${count} pixels)`);
    const at = { x: Math.round(sumX / count), y: Math.round(sumY / count) };
    const mapped = toImage(SPACE, 1849, 1115);
    assert.ok(Math.abs(at.x - mapped.x) <= 1 && Math.abs(at.y - mapped.y) <= 1, `seen at ${JSON.stringify(at)}, mapping says ${JSON.stringify(mapped)}`);
    await ok('click', at);
    const hits = await chromium.page.evaluate(() => (window as unknown as { hits: { x: number; y: number; trusted: boolean }[] }).hits);
    assert.equal(hits.length, 1, 'the button got exactly one click');
    assert.equal(hits[0]?.trusted, true);
    assert.ok(Math.abs(hits[0]!.x - 1849) <= 12 && Math.abs(hits[0]!.y - 1115) <= 12, `hit at ${JSON.stringify(hits[0])}`);
  });

  test('type produces printable ASCII, non-ASCII text and newlines exactly; ctrl+a then type replaces it', async () => {
    await show('<textarea id="t" style="position:absolute;left:200px;top:200px;width:1400px;height:400px;font-size:20px"></textarea>');
    let ascii = '';
    for (let c = 0x20; c < 0x7f; c++) ascii += String.fromCharCode(c);
    const wanted = `${ascii}\nLine two: é ß Ω 中文 😀\n!@#$%^&*()_+{}|:"<>?~`;
    await ok('type', { text: wanted, ...(await imagePointOf('#t')) });
    assert.equal(await settledValue(wanted), wanted);
    await ok('key', { keys: 'ctrl+a' });
    await ok('type', { text: 'replaced' });
    assert.equal(await settledValue('replaced'), 'replaced');
    await ok('type', { text: 'fresh', clear: true, enter: true });
    assert.equal(await settledValue('fresh\n'), 'fresh\n');
  });

  test('scroll moves a long page down and back up', async () => {
    await show('<div style="height:20000px;background:linear-gradient(#fff,#00f)">long</div>');
    await ok('scroll', { x: 700, y: 400, direction: 'down', amount: 5 });
    await chromium.page.waitForFunction(() => window.scrollY > 0, undefined, { timeout: 5000 });
    const down = await chromium.page.evaluate(() => window.scrollY);
    await ok('scroll', { direction: 'up', amount: 20 });
    await chromium.page.waitForFunction(() => window.scrollY === 0, undefined, { timeout: 5000 });
    assert.ok(down >= 100, `scrolled down ${down} px`);
  });

  test('drag presses at the start, moves, and releases at the end', async () => {
    await show(
      '<div id="pad" style="position:absolute;left:0;top:0;width:2560px;height:1440px"></div>' +
        '<script>window.drag={moves:0};const p=document.getElementById("pad");' +
        'p.addEventListener("mousedown",e=>{drag.down={x:e.screenX,y:e.screenY}});' +
        'p.addEventListener("mousemove",e=>{if(e.buttons&1)drag.moves++});' +
        'p.addEventListener("mouseup",e=>{drag.up={x:e.screenX,y:e.screenY}});</script>',
    );
    const from = { x: 200, y: 150 };
    const to = { x: 900, y: 600 };
    await ok('drag', { from, to });
    const seen = await chromium.page.evaluate(() => (window as unknown as { drag: { moves: number; down?: { x: number; y: number }; up?: { x: number; y: number } } }).drag);
    const near = (p: { x: number; y: number } | undefined, image: { x: number; y: number }) =>
      p !== undefined && Math.abs(p.x - image.x / SPACE.scale) <= 3 && Math.abs(p.y - image.y / SPACE.scale) <= 3;
    assert.ok(near(seen.down, from), `pressed at ${JSON.stringify(seen.down)}`);
    assert.ok(near(seen.up, to), `released at ${JSON.stringify(seen.up)}`);
    assert.ok(seen.moves >= 5, `moved with the button down ${seen.moves} times`);
  });

  test('clipboard set and get round-trip, and other X clients see the text', async () => {
    const value = 'Chaperone clipboard: é ß Ω 中文 😀';
    await ok('clipboard', { action: 'set', text: value });
    assert.equal(await ok('clipboard', { action: 'get' }), value);
    assert.equal(execFileSync('xclip', ['-selection', 'clipboard', '-o'], { env: x.env, encoding: 'utf8' }), value);
  });

  test('shell returns stdout, stderr and a non-zero exit code as a normal result', async () => {
    const result = await call('shell', { command: 'echo "to out"; echo "to err" >&2; exit 3' });
    assert.equal(result.isError, undefined);
    assert.match(text(result), /^Exit code 3\./);
    assert.match(text(result), /--- stdout ---\nto out\n/);
    assert.match(text(result), /--- stderr ---\nto err\n?$/);
  });

  test('app launches, focuses and closes xterm', async () => {
    const windowNames = () => execFileSync('wmctrl', ['-l'], { env: x.env, encoding: 'utf8' });
    const launched = await ok('app', { action: 'launch', name: 'xterm' });
    assert.match(launched, /Launched "xterm"/);
    assert.match(windowNames(), /xterm/i);
    const activeName = () => execFileSync('xdotool', ['getactivewindow', 'getwindowname'], { env: x.env, encoding: 'utf8' });
    execFileSync('wmctrl', ['-x', '-a', 'chromium'], { env: x.env });
    assert.doesNotMatch(activeName(), /xterm/i);
    await ok('app', { action: 'focus', name: 'xterm' });
    assert.match(activeName(), /xterm/i);
    assert.match(await ok('app', { action: 'list' }), /xterm/i);
    await ok('app', { action: 'close', name: 'xterm' });
    const end = Date.now() + 5000;
    while (/xterm/i.test(windowNames()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.doesNotMatch(windowNames(), /xterm/i);
  });
});
