import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OwnWindows } from '../../src/main/core/ownWindows.ts';
import type { WindowInfo } from '../../src/main/drivers/types.ts';
import { checkPresence } from '../../src/shared/seat.ts';

function window(title: string, bounds = { x: 0, y: 0, width: 640, height: 800 }, pid = 10): WindowInfo {
  return { id: '0x00a00001', title, app: 'chromium', pid, bounds, focused: false };
}

const panelRect = { x: 640, y: 0, width: 640, height: 800 };
const report = { id: 'tab-1', open: true, visible: true, focused: false, rect: panelRect };

test('a window whose title carries the panel marker is Chaperone\'s own: pointer and focus refused', () => {
  const own = new OwnWindows(null);
  const panel = window('(1) Waiting for you · Chaperone panel - Chromium');
  assert.match(own.pointRefusal({ x: 10, y: 10 }, panel, true) ?? '', /on Chaperone's own window .*An agent may not operate Chaperone's own controls/);
  assert.match(own.focusRefusal(panel) ?? '', /has the keyboard focus/);
  assert.equal(own.pointRefusal({ x: 10, y: 10 }, window('Editor'), true), null);
  assert.equal(own.focusRefusal(window('Editor')), null);
});

test('a reported panel: its browser window is refused by its rectangle, another window on top of it is not', () => {
  let now = 1_000;
  const own = new OwnWindows(null, () => now);
  own.report(report);
  const browser = window('Some other tab title - Chromium', { x: 636, y: -20, width: 648, height: 824 });
  assert.ok(own.pointRefusal({ x: 700, y: 100 }, browser, true), 'the browser window that shows the panel');
  assert.equal(own.pointRefusal({ x: 700, y: 100 }, window('Editor', { x: 650, y: 50, width: 200, height: 200 }), true), null, 'a smaller window above it');
  assert.ok(own.pointRefusal({ x: 700, y: 100 }, null, false), 'when the window under the point is unknown, the panel rectangle counts');
  assert.equal(own.pointRefusal({ x: 100, y: 100 }, null, false), null, 'outside the panel');
  assert.equal(own.focusRefusal(window('Editor')), null, 'the panel does not have the focus');
  own.report({ ...report, focused: true });
  assert.match(own.focusRefusal(window('Editor')) ?? '', /own panel has the keyboard focus/);
  own.report({ ...report, visible: false });
  assert.equal(own.pointRefusal({ x: 700, y: 100 }, browser, true), null, 'a hidden tab is not a target');
  own.report(report);
  now += 60_000;
  assert.equal(own.pointRefusal({ x: 700, y: 100 }, browser, true), null, 'a tab that stopped reporting no longer counts');
  own.report({ ...report, open: false });
  assert.equal(own.pointRefusal({ x: 700, y: 100 }, null, false), null);
});

test('the desktop app\'s windows are known by pid, native id and bounds', () => {
  const own = new OwnWindows(4242);
  assert.ok(own.isOwn(window('Chaperone', undefined, 4242)));
  let visible = true;
  own.trackAppWindows(() => [{ id: '0x01a00003', bounds: { x: 100, y: 100, width: 800, height: 600 }, visible, focused: true }]);
  assert.ok(own.isOwn({ ...window('Untitled'), id: '0x01a00003' }));
  assert.ok(own.pointRefusal({ x: 150, y: 150 }, null, false));
  assert.ok(own.focusRefusal(null));
  visible = false;
  assert.equal(own.pointRefusal({ x: 150, y: 150 }, null, false), null);
});

test('presence reports from the wire are checked', () => {
  assert.deepEqual(checkPresence(report), report);
  assert.match(checkPresence({ ...report, rect: { x: 'a', y: 0, width: 1, height: 1 } }) as string, /rect/);
  assert.match(checkPresence({ ...report, id: '' }) as string, /id/);
  assert.match(checkPresence({ ...report, focused: 'yes' }) as string, /true or false/);
  assert.match(checkPresence(null) as string, /JSON object/);
});
