import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createKeyboardDriver } from '../../src/main/drivers/keyboard.js';
import { htmlPage, type HeadfulChromium } from '../support/chromium.js';
import type { XServer } from '../support/xserver.js';
import { closeChromium, eventually, openDesktopPage, testControl } from './support/desktop.js';

let xs: XServer;
let chrome: HeadfulChromium;
const keyboard = createKeyboardDriver();

// A textarea that keeps Tab as a character (browsers move focus on Tab otherwise).
const PAGE = htmlPage(`<textarea id="t" style="width:1200px;height:700px"></textarea>
<script>
const t = document.getElementById('t');
t.addEventListener('keydown', (e) => { if (e.key === 'Tab') { e.preventDefault(); document.execCommand('insertText', false, '\\t'); } });
t.focus();
</script>`);

const value = () => chrome.page.evaluate(() => (document.getElementById('t') as HTMLTextAreaElement).value);
const keymap = () => execFileSync('xmodmap', ['-pke'], { env: xs.env, encoding: 'utf8' });

async function clearField(): Promise<void> {
  await chrome.page.evaluate(() => {
    const t = document.getElementById('t') as HTMLTextAreaElement;
    t.value = '';
    t.focus();
  });
}

before(async () => {
  ({ xs, chrome } = await openDesktopPage(PAGE));
});

after(async () => {
  await keyboard.releaseAll().catch(() => undefined);
  await closeChromium(chrome);
});

test('types every printable ASCII character, tab, newline and non-ASCII text exactly, and restores the keymap', async () => {
  await clearField();
  const before = keymap();
  let ascii = '';
  for (let code = 0x20; code <= 0x7e; code++) ascii += String.fromCharCode(code);
  const text = `${ascii}\tcol2\nline two !@#$%^&*()_+{}|:"<>?~\né ß Ω 中文 😀 done`;
  await keyboard.type(text, testControl());
  assert.equal(await value(), text);
  assert.ok(await eventually(() => keymap() === before, 5000), 'the borrowed keycodes were not restored');
});

test('types 1,000 mixed characters exactly in under 5 seconds', async () => {
  await clearField();
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !@#$%^&*()_+{}|:"<>?~-=[]\\;\',./`';
  let text = '';
  for (let i = 0; i < 1000; i++) text += alphabet[(i * 37 + (i >> 3)) % alphabet.length];
  const started = performance.now();
  await keyboard.type(text, testControl());
  const elapsed = performance.now() - started;
  assert.equal(await value(), text);
  assert.ok(elapsed < 5000, `1,000 characters took ${Math.round(elapsed)} ms`);
  console.log(`# typed 1,000 characters in ${Math.round(elapsed)} ms`);
});

test('ctrl+a then typing replaces the selection, and no modifier stays down', async () => {
  await clearField();
  await keyboard.type('old text', testControl());
  await keyboard.chord(['ctrl', 'a'], testControl());
  await keyboard.type('new', testControl());
  assert.equal(await value(), 'new');
});

test('abort during a long type stops within a few characters', async () => {
  await clearField();
  const before = keymap();
  const ctl = testControl();
  const typing = keyboard.type('abcdefghijklmnopqrstuvwxyzé'.repeat(40), ctl);
  await new Promise((r) => setTimeout(r, 300));
  ctl.abort();
  const atAbort = ctl.passed;
  await assert.rejects(typing, { name: 'AbortError' });
  await new Promise((r) => setTimeout(r, 300));
  const typed = (await value()).length;
  assert.ok(atAbort > 10, `only ${atAbort} characters before the abort`);
  assert.ok(typed <= atAbort && typed >= atAbort - 3, `${atAbort} characters passed the gate, ${typed} arrived`);
  assert.ok(await eventually(() => keymap() === before, 5000), 'the borrowed keycodes were not restored');
});

test('a paused gate holds typing and it resumes where it stopped', async () => {
  await clearField();
  const ctl = testControl();
  const text = 'pause-then-resume ü'.repeat(5);
  const typing = keyboard.type(text, ctl);
  await new Promise((r) => setTimeout(r, 60));
  ctl.pause();
  await new Promise((r) => setTimeout(r, 100));
  const held = await value();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await value(), held, 'typing went on while paused');
  assert.ok(held.length < text.length);
  ctl.resume();
  await typing;
  assert.equal(await value(), text);
});

test('rejects control characters with a plain sentence and types nothing', async () => {
  await clearField();
  await assert.rejects(keyboard.type('bell\u0007', testControl()), /control character U\+0007/);
  assert.equal(await value(), '');
});

test('with Caps Lock on, letters still come out in the case asked for, borrowed ones too; Caps Lock is on again after, during a pause and after a stop', async () => {
  await clearField();
  const capsLockOn = () => /Caps Lock:\s+on/.test(execFileSync('xset', ['q'], { env: xs.env, encoding: 'utf8' }));
  execFileSync('xdotool', ['key', 'Caps_Lock'], { env: xs.env });
  try {
    assert.equal(capsLockOn(), true);
    const text = 'abc XYZ é É ß Ω ω ñ Ñ 1!';
    await keyboard.type(text, testControl());
    assert.equal(await value(), text);
    assert.equal(capsLockOn(), true, 'Caps Lock was turned off');
    await clearField();
    const paused = testControl();
    const held = keyboard.type('held by a pause é '.repeat(4), paused);
    await new Promise((r) => setTimeout(r, 60));
    paused.pause();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(capsLockOn(), true, 'Caps Lock stayed off during the pause');
    paused.resume();
    await held;
    assert.equal(await value(), 'held by a pause é '.repeat(4));
    assert.equal(capsLockOn(), true);
    const ctl = testControl();
    const typing = keyboard.type('stopped halfway '.repeat(20), ctl);
    await new Promise((r) => setTimeout(r, 100));
    ctl.abort();
    await assert.rejects(typing, { name: 'AbortError' });
    assert.equal(capsLockOn(), true, 'Caps Lock was left off after a stop');
  } finally {
    if (capsLockOn()) execFileSync('xdotool', ['key', 'Caps_Lock'], { env: xs.env });
  }
});
