import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { probeDesktop } from '../../src/main/drivers/desktopProbe.js';
import { createKeyboardDriver } from '../../src/main/drivers/keyboard.js';
import { createPointerDriver } from '../../src/main/drivers/pointer.js';
import { createScreenDriver } from '../../src/main/drivers/screen.js';
import { DesktopUnavailableError } from '../../src/main/drivers/types.js';
import { startXServer } from '../support/xserver.js';
import { testControl } from './support/desktop.js';

function setDisplay(display: string | undefined, wayland?: string): void {
  if (display === undefined) delete process.env.DISPLAY;
  else process.env.DISPLAY = display;
  if (wayland === undefined) delete process.env.WAYLAND_DISPLAY;
  else process.env.WAYLAND_DISPLAY = wayland;
}

function deadDisplay(): string {
  for (let n = 990; n > 900; n--) if (!existsSync(`/tmp/.X11-unix/X${n}`)) return `:${n}`;
  throw new Error('no unused display number');
}

test('with DISPLAY unset the probe says so and how to fix it', async () => {
  setDisplay(undefined);
  const problem = await probeDesktop();
  assert.match(problem ?? '', /No X display is set \(DISPLAY is empty\).*set DISPLAY/);
});

test('a Wayland session without X is named as such', async () => {
  setDisplay(undefined, 'wayland-0');
  assert.match((await probeDesktop()) ?? '', /Wayland session without X.*XWayland/);
});

test('a dead display gets a sentence naming it, and no driver child is started for it', async () => {
  const dead = deadDisplay();
  setDisplay(dead);
  const problem = await probeDesktop();
  assert.match(problem ?? '', new RegExp(`X server is not reachable.*DISPLAY=${dead}`));
  // Every driver answers with the probe's sentence instead of crashing.
  const control = testControl();
  for (const attempt of [
    () => createScreenDriver().capture(),
    () => createPointerDriver().click({ x: 1, y: 1 }, 'left', 1, control),
    () => createKeyboardDriver().type('hi', control),
    () => createKeyboardDriver().chord(['ctrl', 'a'], control),
  ]) {
    await assert.rejects(attempt(), (err: unknown) => err instanceof DesktopUnavailableError && err.message === problem);
  }
  assert.equal(process.exitCode ?? 0, 0);
});

test('a malformed DISPLAY is explained', async () => {
  setDisplay('not-a-display');
  assert.match((await probeDesktop()) ?? '', /not a valid X display name/);
});

test('the answer is never cached: a display that appears later is found by the next probe', async () => {
  setDisplay(undefined);
  assert.ok(await probeDesktop());
  const xs = await startXServer({ width: 640, height: 480 });
  xs.stopAfterExit();
  setDisplay(xs.display);
  assert.equal(await probeDesktop(), null);
  assert.deepEqual(await createScreenDriver().size(), { width: 640, height: 480 });
});
