import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { registerStopShortcut, type ShortcutStatus, type StopShortcut } from '../../src/main/electron/shortcut.js';
import { createFakeElectron, type FakeElectron } from './fakeElectron.js';
import { type SupervisorFixture, supervisorFixture } from './supervisorFixture.js';

let fixture: SupervisorFixture;
let electron: FakeElectron;
let shortcut: StopShortcut | undefined;
const changes: ShortcutStatus[] = [];

beforeEach(async () => {
  fixture = await supervisorFixture();
  electron = createFakeElectron();
  changes.length = 0;
});

afterEach(async () => {
  shortcut?.dispose();
  await fixture.close();
});

function register(): StopShortcut {
  shortcut = registerStopShortcut(electron.api.globalShortcut, fixture.supervisor, (status) => changes.push(status));
  return shortcut;
}

test('the shortcut from Settings registers, and pressing it stops everything', async () => {
  const accelerator = fixture.supervisor.settings().stopShortcut;
  const { status } = register();
  assert.deepEqual(status(), { accelerator, registered: true });
  electron.globalShortcut.press(accelerator);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(fixture.supervisor.state().status, 'stopped');
});

test('a shortcut another app holds is reported as not registered, with the reason', () => {
  const accelerator = fixture.supervisor.settings().stopShortcut;
  electron.globalShortcut.taken.add(accelerator);
  const status = register().status();
  assert.equal(status.registered, false);
  assert.match(status.error ?? '', /could not be registered: another app probably uses it\. Choose a different shortcut in Settings\./);
  assert.deepEqual(changes, [status]);
});

test('an invalid accelerator (register throws) is reported, not thrown', () => {
  const settings = fixture.supervisor.settings();
  assert.deepEqual(fixture.supervisor.saveSettings({ ...settings, stopShortcut: 'Ctrl+Nope Key' }), { ok: true });
  const status = register().status();
  assert.equal(status.registered, false);
  assert.match(status.error ?? '', /^The Stop all shortcut Ctrl\+Nope Key is not a valid shortcut \(.+\)\. Choose a different one in Settings\.$/);
});

test('changing the setting moves the shortcut to the new keys', () => {
  const old = fixture.supervisor.settings().stopShortcut;
  const { status } = register();
  assert.deepEqual(fixture.supervisor.saveSettings({ ...fixture.supervisor.settings(), stopShortcut: 'Alt+F12' }), { ok: true });
  assert.deepEqual(status(), { accelerator: 'Alt+F12', registered: true });
  assert.equal(electron.globalShortcut.registered.has(old), false);
  assert.equal(electron.globalShortcut.registered.has('Alt+F12'), true);
  assert.equal(changes.length, 2);
});

test('dispose unregisters the shortcut', () => {
  register().dispose();
  assert.equal(electron.globalShortcut.registered.size, 0);
});
