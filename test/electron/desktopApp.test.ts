import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SupervisorEvent } from '../../src/shared/types.js';
import { fakeDesktop } from '../mcp/fakeDesktop.js';
import { connectClient } from '../support/mcpClient.js';
import { DEFAULT_SETTINGS } from '../../src/main/core/supervisor.js';
import { type DesktopApp, type DesktopAppOptions, runDesktopApp } from '../../src/main/electron/desktopApp.js';
import { EVENT_CHANNEL } from '../../src/main/electron/ipcChannels.js';
import { PANEL_URL } from '../../src/main/electron/panelProtocol.js';
import { PACKAGE_ROOT } from '../../src/main/packageInfo.js';
import { createFakeElectron, FakeBrowserWindow, type FakeElectron, FakeTray } from './fakeElectron.js';

let dataDir: string;
let electron: FakeElectron;
let running: DesktopApp | null = null;
const logs: string[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'chaperone-desktop-'));
  electron = createFakeElectron();
  logs.length = 0;
});

afterEach(async () => {
  await running?.server.close();
  running = null;
  rmSync(dataDir, { recursive: true, force: true });
});

function options(overrides: Partial<DesktopAppOptions> = {}): DesktopAppOptions {
  return {
    appRoot: PACKAGE_ROOT,
    server: { dataDir, port: 0 },
    command: ['/opt/Chaperone/chaperone'],
    argv: [],
    platform: 'linux',
    log: (line) => void logs.push(line),
    ...overrides,
  };
}

function theWindow(): FakeBrowserWindow {
  const [window] = FakeBrowserWindow.created;
  assert.ok(window, 'a control window was created');
  return window;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(new URL('/healthz', url))).ok;
  } catch {
    return false;
  }
}

test('a second instance quits at once and leaves the first one alone', async () => {
  electron.app.gotLock = false;
  assert.equal(await runDesktopApp(electron.api, options()), null);
  assert.equal(electron.app.quitCalls, 1);
  assert.equal(FakeBrowserWindow.created.length, 0);
});

test('the desktop app runs the same server, a hardened window, the tray and the shortcut; Quit closes the server', async () => {
  running = await runDesktopApp(electron.api, options());
  assert.ok(running, electron.errors[0]?.content);
  const { server } = running;
  assert.equal(await healthy(server.panelUrl), true);
  assert.ok(electron.protocolHandlers.has('chaperone'));
  assert.ok(electron.session.permissionRequestHandler, 'permission requests are answered by Chaperone');
  assert.equal(electron.applicationMenu.value, null);

  const window = theWindow();
  assert.equal(window.loadedUrl, PANEL_URL);
  assert.equal((window.options.webPreferences as { preload: string }).preload, join(PACKAGE_ROOT, 'dist', 'main', 'electron', 'preload.cjs'));
  assert.equal(window.visible, false);
  window.emit('ready-to-show');
  assert.equal(window.visible, true);
  window.hide();
  electron.app.emit('second-instance');
  assert.equal(window.visible, true, 'a second launch shows the window');

  const state = (await electron.ipcMain.invoke('chaperone:getState', window.webContents, window.webContents.mainFrame)) as { status: string };
  assert.equal(state.status, 'running');

  const accelerator = server.supervisor.settings().stopShortcut;
  electron.globalShortcut.press(accelerator);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(server.supervisor.state().status, 'stopped');
  assert.equal(running.tray.state(), 'stopped');
  assert.ok(window.webContents.sent.some(({ channel, payload }) => channel === EVENT_CHANNEL && (payload as SupervisorEvent).type === 'status'));

  const quitEvents: string[] = [];
  electron.app.on('quit', () => quitEvents.push('quit'));
  electron.app.quit();
  assert.deepEqual(quitEvents, [], 'the quit waits for the server to close');
  for (let i = 0; i < 200 && quitEvents.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(quitEvents, ['quit']);
  assert.equal(await healthy(server.panelUrl), false);
  assert.equal(FakeTray.created[0]?.destroyed, true);
  assert.equal(electron.globalShortcut.registered.size, 0);
  assert.equal(electron.ipcMain.handlers.size, 0);
});

test('started at login (--hidden) the window stays hidden; a taken shortcut is told to the panel', async () => {
  electron.globalShortcut.taken.add(DEFAULT_SETTINGS.stopShortcut);
  running = await runDesktopApp(electron.api, options({ argv: ['--hidden'] }));
  assert.ok(running, electron.errors[0]?.content);
  const window = theWindow();
  window.emit('ready-to-show');
  assert.equal(window.visible, false);
  assert.equal(running.shortcut.status().registered, false);
  assert.ok(logs.some((line) => line.includes('could not be registered')));
  const notices = window.webContents.sent.map(({ payload }) => payload as SupervisorEvent).filter((event) => event.type === 'notice');
  assert.match(notices[0]?.type === 'notice' ? notices[0].message : '', /^The Stop all shortcut .+ could not be registered/);
  const status = await electron.ipcMain.invoke('chaperone:getShortcutStatus', window.webContents, window.webContents.mainFrame);
  assert.deepEqual(status, running.shortcut.status());
});

test('when the port is taken the person sees why, and the app exits', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  assert.ok(address !== null && typeof address === 'object');
  try {
    assert.equal(await runDesktopApp(electron.api, options({ server: { dataDir, port: address.port } })), null);
  } finally {
    blocker.close();
  }
  assert.equal(electron.app.exitCode, 1);
  assert.equal(electron.errors[0]?.title, 'Chaperone could not start');
  assert.match(electron.errors[0]?.content ?? '', /^The MCP server did not start: /);
});

test("the agent cannot click into or type at the desktop app's own window, found by its real bounds and focus", async () => {
  const desk = fakeDesktop();
  running = await runDesktopApp(electron.api, options({ server: { dataDir, port: 0, drivers: desk.drivers, token: 'desktop-seat-token' } }));
  assert.ok(running);
  const window = theWindow();
  // The fake windows driver reports its xterm at (100, 200) 800x600 under every point: put the control window exactly there.
  window.bounds = { x: 100, y: 200, width: 800, height: 600 };
  window.show();
  const { client } = await connectClient(running.server.mcpUrl, 'desktop-seat-token', 'seat-agent');
  try {
    const onWindow = (await client.callTool({ name: 'click', arguments: { x: 300, y: 300 } })) as CallToolResult;
    assert.equal(onWindow.isError, true);
    assert.match(JSON.stringify(onWindow.content), /may not operate Chaperone's own controls/);
    assert.equal(desk.calls.filter(([method]) => method === 'click').length, 0);
    window.focus();
    const key = (await client.callTool({ name: 'key', arguments: { keys: 'enter' } })) as CallToolResult;
    assert.equal(key.isError, true);
    assert.equal(desk.calls.filter(([method]) => method === 'chord').length, 0);
    window.focused = false;
    window.hide();
    const hidden = (await client.callTool({ name: 'click', arguments: { x: 300, y: 300 } })) as CallToolResult;
    assert.equal(hidden.isError, undefined, 'a hidden window is no target');
    assert.equal(desk.calls.filter(([method]) => method === 'click').length, 1);
  } finally {
    await client.close();
  }
});
