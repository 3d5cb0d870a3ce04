import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PANEL_CSP, PANEL_URL, panelResponse, registerPanelScheme } from '../../src/main/electron/panelProtocol.js';
import { denyAllPermissions } from '../../src/main/electron/sessionGuards.js';
import { createControlWindow } from '../../src/main/electron/windows.js';
import { createFakeElectron, FakeBrowserWindow, FakeEvent } from './fakeElectron.js';

let panelDir: string;

before(() => {
  panelDir = mkdtempSync(join(tmpdir(), 'chaperone-panel-'));
  writeFileSync(join(panelDir, 'index.html'), '<!doctype html><title>Chaperone</title>');
  writeFileSync(join(panelDir, 'app.js'), 'console.log(1)');
});

after(() => rmSync(panelDir, { recursive: true, force: true }));

function openWindow(quitting = false): FakeBrowserWindow {
  const electron = createFakeElectron();
  createControlWindow(electron.api, { preloadPath: '/app/preload.cjs', iconPath: '/app/icon.png', isQuitting: () => quitting });
  const [window] = FakeBrowserWindow.created;
  assert.ok(window);
  return window;
}

test('the control window is isolated and sandboxed and loads the panel from its own origin', () => {
  const window = openWindow();
  assert.deepEqual(
    {
      ...(window.options.webPreferences as Record<string, unknown>),
    },
    {
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  );
  assert.equal(window.loadedUrl, PANEL_URL);
});

test('navigation away from the panel, new windows and webviews are blocked', () => {
  const { webContents } = openWindow();
  for (const url of ['https://evil.example/', 'file:///etc/passwd', 'chaperone://other/index.html']) {
    const event = new FakeEvent();
    webContents.emit('will-navigate', event, url);
    assert.equal(event.defaultPrevented, true, url);
    const redirect = new FakeEvent();
    webContents.emit('will-redirect', redirect, url);
    assert.equal(redirect.defaultPrevented, true, url);
  }
  const inPanel = new FakeEvent();
  webContents.emit('will-navigate', inPanel, 'chaperone://panel/index.html#settings');
  assert.equal(inPanel.defaultPrevented, false);
  assert.deepEqual(webContents.windowOpenHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
  const webview = new FakeEvent();
  webContents.emit('will-attach-webview', webview);
  assert.equal(webview.defaultPrevented, true);
});

test('closing the window hides it, unless the app is quitting', () => {
  const window = openWindow();
  window.show();
  const close = new FakeEvent();
  window.emit('close', close);
  assert.equal(close.defaultPrevented, true);
  assert.equal(window.visible, false);
  const quitting = openWindow(true);
  const finalClose = new FakeEvent();
  quitting.emit('close', finalClose);
  assert.equal(finalClose.defaultPrevented, false);
});

test('every permission request and check is denied', () => {
  const electron = createFakeElectron();
  denyAllPermissions(electron.api.session.defaultSession);
  const answers: boolean[] = [];
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
    electron.session.permissionRequestHandler?.({}, permission, (granted) => answers.push(granted));
  }
  assert.deepEqual(answers, [false, false, false, false]);
  assert.equal(electron.session.permissionCheckHandler?.({}, 'media'), false);
});

test('the panel scheme is registered as a secure standard scheme', () => {
  const electron = createFakeElectron();
  registerPanelScheme(electron.api.protocol);
  assert.deepEqual(electron.privilegedSchemes, [{ scheme: 'chaperone', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
});

test('panel files are served with the strict CSP; other paths and origins are not', async () => {
  const index = await panelResponse(panelDir, 'chaperone://panel/index.html');
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-security-policy'), PANEL_CSP);
  assert.match(PANEL_CSP, /script-src 'self'(;|$)/);
  assert.match(await index.text(), /<title>Chaperone<\/title>/);
  const script = await panelResponse(panelDir, 'chaperone://panel/app.js');
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal((await panelResponse(panelDir, 'chaperone://panel/')).status, 200);
  assert.equal((await panelResponse(panelDir, 'chaperone://panel/..%2F..%2Fetc%2Fpasswd')).status, 403);
  assert.equal((await panelResponse(panelDir, 'chaperone://panel/missing.js')).status, 404);
  assert.equal((await panelResponse(panelDir, 'chaperone://elsewhere/index.html')).status, 404);
  assert.equal((await panelResponse(panelDir, 'chaperone://panel/%E0%A4%A')).status, 400);
});
