// The helper protocol behind the Windows and macOS accessibility drivers, against a real helper process (a small Node script in the helper's place).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { helperAccessibilityDriver } from '../../src/main/drivers/accessibilityHelper.js';

const HELPER = String.raw`
const rl = require('node:readline').createInterface({ input: process.stdin });
const fs = require('node:fs');
// With a marker path, the first helper process ever started ignores its first request (an app hung), later ones answer.
let hang = Boolean(process.argv[1]) && !fs.existsSync(process.argv[1]);
if (hang) fs.writeFileSync(process.argv[1], '');
console.log('ready');
rl.on('line', (line) => {
  const request = JSON.parse(line);
  if (hang) { hang = false; return; }
  if (request.op === 'snapshot') {
    console.log(JSON.stringify({ problem: null, elements: [
      { role: 'button', name: 'Delete account', states: ['focused'], x: 10.4, y: 20.6, width: 96, height: 24, window: { id: 'w1', title: 'Settings', app: 'settings', pid: 7 } },
      { role: 'button', name: 'Zero', states: [], x: 0, y: 0, width: 0, height: 0, window: { title: 'Settings', app: 'settings', pid: 7 } },
      { role: 'text field', name: 'x'.repeat(500), value: 'typed', states: ['editable'], x: 1, y: 2, width: 3, height: 4, window: { title: 'Settings', app: 'settings', pid: 7 } },
    ] }));
  } else if (request.op === 'focused') console.log(JSON.stringify({ element: null }));
  else console.log(JSON.stringify({ error: 'unknown request ' + request.op }));
});
`;

const hangFirst = (): string => join(mkdtempSync(join(tmpdir(), 'chaperone-helper-')), 'hung');

function driver(mode = '', timeoutMs = 2000): ReturnType<typeof helperAccessibilityDriver> {
  return helperAccessibilityDriver(
    { command: process.execPath, args: ['-e', HELPER, mode], what: 'test helper', explain: (message) => `Could not read the tree (${message}).` },
    timeoutMs,
  );
}

describe('accessibility helper protocol', () => {
  it('turns the answer into elements: rounded bounds, capped names, zero-size dropped', async () => {
    const shot = await driver().snapshot();
    assert.equal(shot.problem, null);
    assert.equal(shot.elements.length, 2);
    assert.deepEqual(shot.elements[0], {
      role: 'button',
      name: 'Delete account',
      states: ['focused'],
      bounds: { x: 10, y: 21, width: 96, height: 24 },
      window: { id: 'w1', title: 'Settings', app: 'settings', pid: 7 },
    });
    assert.equal(shot.elements[1]?.name.length, 200);
    assert.equal(shot.elements[1]?.value, 'typed');
  });

  it('gives a hung helper a deadline, says so in one line, and starts a fresh one for the next call', async () => {
    const d = driver(hangFirst(), 500);
    const start = Date.now();
    const first = await d.snapshot();
    assert.ok(Date.now() - start < 1500, 'the deadline held');
    assert.match(first.problem ?? '', /^Could not read the tree \(the test helper did not answer within 500 ms/);
    assert.deepEqual(first.elements, []);
    const second = await d.snapshot();
    assert.equal(second.elements.length, 2);
  });

  it('stops waiting at once when the call is aborted', async () => {
    const d = driver(hangFirst(), 5000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stopped')), 100);
    const start = Date.now();
    await assert.rejects(d.snapshot({ signal: controller.signal }), /stopped/);
    assert.ok(Date.now() - start < 1000);
  });

  it('answers null for nothing focused and never throws for a point', async () => {
    const d = driver();
    assert.equal(await d.focusedElement(), null);
    assert.equal(await d.elementAt({ x: 1, y: 1 }), null);
  });
});
