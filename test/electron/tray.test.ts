import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { createLoginItem } from '../../src/main/electron/loginItem.js';
import { createTray, type ChaperoneTray } from '../../src/main/electron/tray.js';
import { createFakeElectron, type FakeElectron, FakeTray } from './fakeElectron.js';
import { callAwaitingApproval, type SupervisorFixture, supervisorFixture } from './supervisorFixture.js';

let fixture: SupervisorFixture;
let electron: FakeElectron;
let tray: ChaperoneTray;
let configDir: string;
const opened: string[] = [];
const reports: string[] = [];
let quits = 0;

beforeEach(async () => {
  fixture = await supervisorFixture();
  electron = createFakeElectron();
  configDir = mkdtempSync(join(tmpdir(), 'chaperone-xdg-'));
  opened.length = 0;
  reports.length = 0;
  quits = 0;
  tray = createTray(electron.api, {
    supervisor: fixture.supervisor,
    appRoot: '/app',
    loginItem: createLoginItem(electron.api.app, { platform: 'linux', command: ['/opt/Chaperone/chaperone'], env: { XDG_CONFIG_HOME: configDir } }),
    clientConfig: async () => 'CONFIG TEXT',
    openPanel: () => void opened.push('panel'),
    quit: () => void (quits += 1),
    report: (message) => void reports.push(message),
    platform: 'linux',
  });
});

afterEach(async () => {
  tray.destroy();
  await fixture.close();
  rmSync(configDir, { recursive: true, force: true });
});

function fakeTray(): FakeTray {
  const [only] = FakeTray.created;
  assert.ok(only, 'a tray was created');
  return only;
}

test('the tray starts with the running icon, a running tooltip and the menu items', () => {
  const icon = fakeTray();
  assert.equal(icon.image.path, join('/app', 'build', 'tray', 'running.png'));
  assert.equal(icon.tooltip, 'Chaperone: running');
  assert.deepEqual(
    icon.menu?.items.filter((item) => item.type !== 'separator').map((item) => item.label),
    ['Chaperone: running', 'Open panel', 'Pause', 'Stop all', 'Re-arm', 'Copy client config', 'Start at login', 'Quit'],
  );
  assert.equal(icon.item('Re-arm').enabled, false);
  assert.equal(tray.state(), 'running');
});

test('Pause pauses the supervisor, and the item, icon and tooltip follow; Resume resumes', () => {
  const icon = fakeTray();
  icon.click('Pause');
  assert.equal(fixture.supervisor.state().status, 'paused');
  assert.equal(icon.image.path, join('/app', 'build', 'tray', 'paused.png'));
  assert.match(icon.tooltip, /^Chaperone: paused/);
  assert.equal(icon.menu?.items.some((item) => item.label === 'Pause'), false);
  icon.click('Resume');
  assert.equal(fixture.supervisor.state().status, 'running');
  assert.equal(icon.image.path, join('/app', 'build', 'tray', 'running.png'));
  assert.equal(icon.item('Pause').enabled, true);
});

test('Stop all stops the supervisor; Re-arm is enabled only while stopped and re-arms it', async () => {
  const icon = fakeTray();
  icon.click('Stop all');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(fixture.supervisor.state().status, 'stopped');
  assert.equal(icon.image.path, join('/app', 'build', 'tray', 'stopped.png'));
  assert.match(icon.tooltip, /stopped/);
  assert.equal(icon.item('Stop all').enabled, false);
  assert.equal(icon.item('Pause').enabled, false);
  assert.equal(icon.item('Re-arm').enabled, true);
  icon.click('Re-arm');
  assert.equal(fixture.supervisor.state().status, 'running');
  assert.equal(icon.item('Re-arm').enabled, false);
});

test('a waiting approval shows the approval icon and says so in the tooltip until it is answered', async () => {
  const icon = fakeTray();
  const { id, result } = await callAwaitingApproval(fixture.supervisor);
  assert.equal(icon.image.path, join('/app', 'build', 'tray', 'approval.png'));
  assert.equal(icon.tooltip, 'Chaperone: running, 1 approval waiting for you');
  fixture.supervisor.answerApproval(id, 'deny', 'not now', 'test');
  assert.equal((await result).isError, true);
  assert.equal(icon.image.path, join('/app', 'build', 'tray', 'running.png'));
});

test('Copy client config puts the config text on the clipboard', async () => {
  fakeTray().click('Copy client config');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(electron.clipboard.text, 'CONFIG TEXT');
  assert.deepEqual(reports, []);
});

test('Start at login writes and removes the autostart entry, and the checkbox follows it', () => {
  const icon = fakeTray();
  const entry = join(configDir, 'autostart', 'chaperone.desktop');
  assert.equal(icon.item('Start at login').checked, false);
  icon.click('Start at login');
  assert.match(readFileSync(entry, 'utf8'), /^Exec="\/opt\/Chaperone\/chaperone" "--hidden"$/m);
  icon.click('Pause');
  assert.equal(icon.item('Start at login').checked, true);
  icon.click('Start at login');
  assert.equal(existsSync(entry), false);
});

test('Open panel and a click on the icon open the panel; Quit quits', () => {
  const icon = fakeTray();
  icon.click('Open panel');
  icon.emit('click');
  assert.deepEqual(opened, ['panel', 'panel']);
  icon.click('Quit');
  assert.equal(quits, 1);
});

test('on macOS and Windows Start at login uses the OS login item with the hidden flag', () => {
  const item = createLoginItem(electron.api.app, { platform: 'darwin', command: ['/Applications/Chaperone.app/Contents/MacOS/Chaperone'] });
  item.setEnabled(true);
  assert.deepEqual(electron.app.loginItem, { openAtLogin: true, path: '/Applications/Chaperone.app/Contents/MacOS/Chaperone', args: ['--hidden'] });
  assert.equal(item.isEnabled(), true);
});
