import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { x11Displays } from '../../src/main/drivers/linux/displays.js';
import { X11Connection } from '../../src/main/drivers/linux/x11Connection.js';
import { createScreenDriver } from '../../src/main/drivers/screen.js';
import { startXServer, type XServer } from '../support/xserver.js';

let x: XServer;
let single: XServer;

before(async () => {
  [x, single] = await Promise.all([startXServer({ monitors: [{ width: 1280, height: 800 }, { width: 1024, height: 768 }] }), startXServer({ width: 1024, height: 600 })]);
});

after(async () => {
  await Promise.all([x.stop(), single.stop()]);
});

test('two monitors of different sizes side by side are listed with exact bounds, the first as primary', async () => {
  process.env.DISPLAY = x.display;
  const displays = await createScreenDriver().displays();
  assert.deepEqual(displays, [
    { id: '1', bounds: { x: 0, y: 0, width: 1280, height: 800 }, scale: 1, primary: true, name: 'TEST-1' },
    { id: '2', bounds: { x: 1280, y: 0, width: 1024, height: 768 }, scale: 1, primary: false, name: 'TEST-2' },
  ]);
});

test('the primary monitor comes first, whatever its place', async () => {
  execFileSync('xrandr', ['--delmonitor', 'TEST-2'], { env: x.env });
  execFileSync('xrandr', ['--setmonitor', '*TEST-2', '1024/271x768/203+1280+0', 'none'], { env: x.env });
  const connection = await X11Connection.open(x.display);
  try {
    assert.deepEqual(
      (await x11Displays(connection)).map((d) => [d.id, d.name, d.primary, d.bounds.x]),
      [['1', 'TEST-2', true, 1280], ['2', 'TEST-1', false, 0]],
    );
  } finally {
    connection.close();
  }
});

test('one screen is one display covering it', async () => {
  const connection = await X11Connection.open(single.display);
  try {
    const [display, ...rest] = await x11Displays(connection);
    assert.deepEqual(rest, []);
    assert.deepEqual(display?.bounds, { x: 0, y: 0, width: 1024, height: 600 });
    assert.equal(display?.primary, true);
  } finally {
    connection.close();
  }
});
