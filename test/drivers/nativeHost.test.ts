// The desktop driver child under faults: X errors, a killed or frozen child, and the X server going away and coming back.
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKeyboardDriver } from '../../src/main/drivers/keyboard.js';
import { NativeHost } from '../../src/main/drivers/nativeHost.js';
import { createPointerDriver } from '../../src/main/drivers/pointer.js';
import { createScreenDriver } from '../../src/main/drivers/screen.js';
import { DesktopUnavailableError } from '../../src/main/drivers/types.js';
import { eventually, testControl } from './support/desktop.js';

function freeDisplay(): string {
  for (let n = 500 + Math.floor(Math.random() * 400); n < 1000; n++) if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return `:${n}`;
  throw new Error('no free display');
}

const display = freeDisplay();
let xvfb: ChildProcess | null = null;

async function startX(): Promise<void> {
  xvfb = spawn('Xvfb', [display, '-screen', '0', '800x600x24', '-nolisten', 'tcp', '-ac'], { stdio: 'ignore' });
  assert.ok(await eventually(() => {
    try {
      execFileSync('xdpyinfo', ['-display', display], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }, 15_000), 'Xvfb did not start');
}

async function stopX(): Promise<void> {
  const x = xvfb;
  if (!x || x.exitCode !== null || x.signalCode !== null) return;
  const gone = new Promise((r) => x.once('exit', r));
  x.kill('SIGKILL');
  await gone;
}

process.env.DISPLAY = display;
delete process.env.WAYLAND_DISPLAY;
const host = new NativeHost();
const pointer = createPointerDriver(host);
const keyboard = createKeyboardDriver(host);
const screen = createScreenDriver(host);

after(async () => {
  await host.close();
  await stopX();
});

test('a key the keymap lacks (f13) is refused with a sentence, the driver lives on, and the next chord works', async () => {
  await startX();
  await pointer.moveTo({ x: 10, y: 10 }, testControl());
  const pid = host.pid;
  await assert.rejects(keyboard.chord(['f13'], testControl()), /keyboard map \(DISPLAY=:\d+\) has no key for "f13", so nothing was pressed/);
  await assert.rejects(keyboard.chord(['ctrl', 'f24'], testControl()), /no key for "f24"/);
  await keyboard.chord(['ctrl', 'a'], testControl());
  assert.equal(host.pid, pid, 'the driver child was restarted');
  await assert.rejects(keyboard.chord(['constructor'], testControl()), /Unknown key name "constructor"\. Valid names: ctrl/);
});

test('SIGKILL of the driver child fails the call in flight with a sentence; the next call gets a fresh driver', async () => {
  const dragging = pointer.drag({ x: 10, y: 10 }, { x: 700, y: 500 }, 'left', testControl());
  await sleep(60);
  const pid = host.pid;
  assert.ok(pid);
  process.kill(pid, 'SIGKILL');
  await assert.rejects(dragging, /The desktop driver stopped unexpectedly \(signal SIGKILL\) while (moving the pointer|releasing the left mouse button); Chaperone restarted it\. Try again\./);
  await pointer.releaseAll();
  await pointer.moveTo({ x: 123, y: 45 }, testControl());
  assert.deepEqual(await pointer.position(), { x: 123, y: 45 });
  assert.notEqual(host.pid, pid);
});

test('Stop all with a frozen driver: the call stops within 100 ms, the child is killed, and a fresh one releases the button', async () => {
  const ctl = testControl();
  const dragging = pointer.drag({ x: 10, y: 10 }, { x: 700, y: 500 }, 'left', ctl);
  await sleep(60);
  const pid = host.pid;
  assert.ok(pid);
  process.kill(pid, 'SIGSTOP');
  const stoppedAt = performance.now();
  ctl.abort();
  await assert.rejects(dragging);
  const took = performance.now() - stoppedAt;
  assert.ok(took < 250, `the drag took ${Math.round(took)} ms to stop`);
  assert.ok(await eventually(() => host.pid !== pid, 1000), 'the frozen child was not replaced');
  await pointer.releaseAll();
  await pointer.moveTo({ x: 50, y: 60 }, testControl());
  assert.deepEqual(await pointer.position(), { x: 50, y: 60 });
});

test('the X server killed: calls say the display went away; restarted on the same display, they work again', async () => {
  await pointer.moveTo({ x: 5, y: 5 }, testControl());
  await stopX();
  let said = '';
  assert.ok(await eventually(async () => {
    try {
      await pointer.moveTo({ x: 6, y: 6 }, testControl());
      return false;
    } catch (err) {
      said = (err as Error).message;
      return err instanceof DesktopUnavailableError;
    }
  }, 5000), `calls did not report the display: ${said}`);
  assert.match(said, new RegExp(`display went away.*DISPLAY=${display}`));
  await assert.rejects(screen.size(), (err: unknown) => err instanceof DesktopUnavailableError && /display went away/.test((err as Error).message));
  assert.match((await host.problem()) ?? '', /display went away/);
  await startX();
  await pointer.moveTo({ x: 77, y: 88 }, testControl());
  assert.deepEqual(await pointer.position(), { x: 77, y: 88 });
  assert.deepEqual(await screen.size(), { width: 800, height: 600 });
  assert.equal(await host.problem(), null);
});
