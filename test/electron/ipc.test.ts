import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, test } from 'node:test';
import type { Bridge } from '../../src/shared/bridge.js';
import type { SupervisorEvent } from '../../src/shared/types.js';
import { forwardEvents, REFUSED_SENDER, registerBridgeHandlers } from '../../src/main/electron/ipc.js';
import { BRIDGE_CALLS, callChannel, EVENT_CHANNEL } from '../../src/main/electron/ipcChannels.js';
import { createFakeElectron, type FakeElectron, FakeFrame, FakeWebContents } from './fakeElectron.js';
import { callAwaitingApproval, type SupervisorFixture, supervisorFixture } from './supervisorFixture.js';

const require = createRequire(import.meta.url);
const PRELOAD = require.resolve('../../src/main/electron/preload.cts');
const ELECTRON = require.resolve('electron');

let fixture: SupervisorFixture;
let electron: FakeElectron;
let panel: FakeWebContents;
let removeHandlers: () => void;
let events: { send(event: SupervisorEvent): void; stop(): void };

beforeEach(async () => {
  fixture = await supervisorFixture();
  electron = createFakeElectron();
  panel = new FakeWebContents();
  const panelContents = () => panel as unknown as Electron.WebContents;
  removeHandlers = registerBridgeHandlers(electron.api.ipcMain, {
    supervisor: fixture.supervisor,
    panelContents,
    clientConfig: async () => 'CONFIG TEXT',
    shortcutStatus: () => ({ accelerator: 'CommandOrControl+Shift+Escape', registered: true }),
  });
  events = forwardEvents(fixture.supervisor, panelContents);
});

afterEach(async () => {
  events.stop();
  removeHandlers();
  await fixture.close();
});

/** Loads the real preload against a stand-in renderer whose IPC reaches the handlers above as the panel. */
function loadPreload(): Bridge {
  const exposed = new Map<string, unknown>();
  const bus = new EventEmitter();
  panel.deliver = (channel, payload) => bus.emit(channel, {}, payload);
  const rendererElectron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => electron.ipcMain.invoke(channel, panel, panel.mainFrame, ...args),
      on: (channel: string, listener: (...args: unknown[]) => void) => bus.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => bus.removeListener(channel, listener),
    },
  };
  require.cache[ELECTRON] = { id: ELECTRON, filename: ELECTRON, loaded: true, exports: rendererElectron } as NodeJS.Module;
  delete require.cache[PRELOAD];
  try {
    require(PRELOAD);
  } finally {
    delete require.cache[ELECTRON];
  }
  const bridge = exposed.get('chaperone');
  assert.ok(bridge, 'the preload exposes window.chaperone');
  return bridge as Bridge;
}

test('a handler exists for every Bridge call', () => {
  assert.deepEqual([...electron.ipcMain.handlers.keys()].sort(), BRIDGE_CALLS.map(callChannel).sort());
});

test('the panel gets answers: state, pause and resume reach the real supervisor', async () => {
  const state = (await electron.ipcMain.invoke(callChannel('getState'), panel, panel.mainFrame)) as { status: string };
  assert.equal(state.status, 'running');
  await electron.ipcMain.invoke(callChannel('pause'), panel, panel.mainFrame);
  assert.equal(fixture.supervisor.state().status, 'paused');
  await electron.ipcMain.invoke(callChannel('resume'), panel, panel.mainFrame);
  assert.equal(fixture.supervisor.state().status, 'running');
});

test('calls from other windows, foreign pages, sub-frames or vanished frames are refused', async () => {
  const stranger = new FakeWebContents();
  const attempts: [FakeWebContents, FakeFrame | null][] = [
    [stranger, stranger.mainFrame],
    [panel, new FakeFrame('https://evil.example/index.html')],
    [panel, new FakeFrame('file:///work/main/dist/renderer/index.html')],
    [panel, new FakeFrame('chaperone://panel/index.html', panel.mainFrame)],
    [panel, null],
  ];
  for (const [sender, frame] of attempts) {
    await assert.rejects(electron.ipcMain.invoke(callChannel('stop'), sender, frame), { message: REFUSED_SENDER });
    await assert.rejects(electron.ipcMain.invoke(callChannel('getClientConfig'), sender, frame), { message: REFUSED_SENDER });
  }
  assert.equal(fixture.supervisor.state().status, 'running');
});

test('bad arguments are refused with a plain message', async () => {
  await assert.rejects(electron.ipcMain.invoke(callChannel('answerApproval'), panel, panel.mainFrame, 'x', 'maybe'), /decision must be/);
  await assert.rejects(electron.ipcMain.invoke(callChannel('getFeed'), panel, panel.mainFrame, -1), /limit must be/);
});

test('the preload bridge works end to end: calls, approvals, events, client config, shortcut status', async () => {
  const bridge = loadPreload();
  const received: SupervisorEvent[] = [];
  const unsubscribe = bridge.subscribe((event) => received.push(event));
  const { id, result } = await callAwaitingApproval(fixture.supervisor);
  assert.ok(received.some((event) => event.type === 'pending' && event.pending.some((item) => item.id === id)));
  assert.deepEqual(await bridge.answerApproval(id, 'approve'), { ok: true });
  assert.equal((await result).isError, undefined);
  const second = await bridge.answerApproval(id, 'approve');
  assert.equal(second.ok, false);
  assert.ok((await bridge.getFeed(10)).some((entry) => entry.tool === 'shell' && entry.status === 'done'));
  await bridge.stop();
  assert.equal((await bridge.getState()).status, 'stopped');
  await bridge.rearm();
  assert.equal((await bridge.getState()).status, 'running');
  assert.equal(await bridge.getClientConfig(), 'CONFIG TEXT');
  assert.deepEqual(await bridge.getShortcutStatus?.(), { accelerator: 'CommandOrControl+Shift+Escape', registered: true });
  const audit = await bridge.getAudit(5);
  assert.equal(audit.verification.ok, true);
  assert.ok(audit.records.length > 0);
  const settings = (await bridge.getState()).policy;
  assert.deepEqual(await bridge.saveSettings({ ...settings, tokenBudget: 1234 }), { ok: true });
  assert.equal(fixture.supervisor.settings().tokenBudget, 1234);
  const count = received.length;
  unsubscribe();
  fixture.supervisor.pause('test');
  assert.equal(received.length, count);
  assert.ok(panel.sent.every((message) => message.channel === EVENT_CHANNEL));
});
