import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createClipboardDriver } from '../../src/main/drivers/clipboard.js';
import { DesktopUnavailableError } from '../../src/main/drivers/types.js';
import { startXServer, type XServer } from '../support/xserver.js';

let x: XServer;

before(async () => {
  x = await startXServer();
  process.env.DISPLAY = x.display;
});

after(async () => {
  await x.stop();
});

const sample = 'Grüße, 中文, emoji 😀, tab\there\nsecond line "quoted" $HOME \\ end\n';

function readWithXclip(): string {
  return execFileSync('/usr/bin/xclip', ['-selection', 'clipboard', '-o'], { env: x.env, encoding: 'utf8', timeout: 5000 });
}

test('set then get round-trips unicode text exactly, and xclip sees the same text', async () => {
  const clipboard = createClipboardDriver();
  const started = Date.now();
  await clipboard.set(sample);
  assert.ok(Date.now() - started < 2000, 'set returns without waiting for the selection owner to exit');
  assert.equal(await clipboard.get(), sample);
  assert.equal(readWithXclip(), sample);
});

test('get reads what another program put on the clipboard', async () => {
  const child = spawn('/usr/bin/xclip', ['-selection', 'clipboard', '-i'], { env: x.env, stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin.end('from xclip ✓');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(await createClipboardDriver().get(), 'from xclip ✓');
});

test('setting empty text empties the clipboard', async () => {
  const clipboard = createClipboardDriver();
  await clipboard.set('not empty');
  await clipboard.set('');
  assert.equal(await clipboard.get(), '');
});

test('large text round-trips', async () => {
  const clipboard = createClipboardDriver();
  const big = 'ж'.repeat(300_000);
  await clipboard.set(big);
  assert.equal(await clipboard.get(), big);
});

test('falls back to xsel when xclip is missing', async () => {
  const bin = mkdtempSync(join(tmpdir(), 'chaperone-bin-'));
  symlinkSync('/usr/bin/xsel', join(bin, 'xsel'));
  const saved = process.env.PATH;
  process.env.PATH = bin;
  try {
    const clipboard = createClipboardDriver();
    await clipboard.set('through xsel ü');
    assert.equal(await clipboard.get(), 'through xsel ü');
  } finally {
    process.env.PATH = saved;
  }
  assert.equal(readWithXclip(), 'through xsel ü');
});

test('with neither helper installed, the error names the package to install', async () => {
  const saved = process.env.PATH;
  process.env.PATH = mkdtempSync(join(tmpdir(), 'chaperone-empty-'));
  try {
    await assert.rejects(createClipboardDriver().get(), /Neither xclip nor xsel is installed.*sudo apt install xclip/);
  } finally {
    process.env.PATH = saved;
  }
});

test('without DISPLAY, get and set throw DesktopUnavailableError', async () => {
  const saved = process.env.DISPLAY;
  delete process.env.DISPLAY;
  try {
    const clipboard = createClipboardDriver();
    await assert.rejects(clipboard.get(), DesktopUnavailableError);
    await assert.rejects(clipboard.set('x'), DesktopUnavailableError);
  } finally {
    process.env.DISPLAY = saved;
  }
});

test('a display that cannot be opened is reported as unavailable', async () => {
  const saved = process.env.DISPLAY;
  process.env.DISPLAY = ':999';
  try {
    await assert.rejects(createClipboardDriver().set('x'), (error: Error) => error instanceof DesktopUnavailableError && /Cannot open the X display :999/.test(error.message));
  } finally {
    process.env.DISPLAY = saved;
  }
});
