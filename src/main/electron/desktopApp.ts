// The desktop app's lifecycle: one instance, the same server as headless mode, the control window, tray, shortcut and notifications.
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import type { SupervisorEvent } from '../../shared/types.js';
import { type ChaperoneOptions, type RunningChaperone, startChaperone } from '../http/server.js';
import { clientConfigText } from '../mcp/clientConfig.js';
import type { ElectronApi } from './electronApi.js';
import { forwardEvents, registerBridgeHandlers } from './ipc.js';
import { createLoginItem, HIDDEN_ARG } from './loginItem.js';
import { notifyPending } from './notifications.js';
import { registerPanelScheme, servePanel } from './panelProtocol.js';
import { denyAllPermissions } from './sessionGuards.js';
import { registerStopShortcut, type StopShortcut } from './shortcut.js';
import { type ChaperoneTray, createTray } from './tray.js';
import { createControlWindow, ownWindowView, showWindow } from './windows.js';

export interface DesktopAppOptions {
  /** The package root: dist/, build/tray/ and package.json live here. */
  appRoot: string;
  server: Omit<ChaperoneOptions, 'log' | 'panelDir'>;
  /** The command that starts this app again, for Start at login. */
  command: string[];
  argv: readonly string[];
  platform: NodeJS.Platform;
  log: (line: string) => void;
}

export interface DesktopApp {
  server: RunningChaperone;
  window: BrowserWindow;
  tray: ChaperoneTray;
  shortcut: StopShortcut;
}

function notice(message: string): SupervisorEvent {
  return { type: 'notice', level: 'warning', message, at: Date.now() };
}

/** Resolves with the running app, or null when another instance already runs (it gets focused instead). */
export async function runDesktopApp(electron: ElectronApi, options: DesktopAppOptions): Promise<DesktopApp | null> {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  registerPanelScheme(electron.protocol);
  let window: BrowserWindow | null = null;
  let quitting = false;
  app.on('second-instance', () => {
    if (window !== null) showWindow(window);
  });
  // A tray app keeps running with no window open; only Quit ends it.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  denyAllPermissions(electron.session.defaultSession);
  const panelDir = join(options.appRoot, 'dist', 'renderer');
  servePanel(electron.protocol, panelDir);
  // macOS takes copy and paste shortcuts from the application menu; other platforms need none.
  electron.Menu.setApplicationMenu(options.platform === 'darwin' ? electron.Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]) : null);

  let server: RunningChaperone;
  try {
    server = await startChaperone({ ...options.server, panelDir, log: options.log });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    electron.dialog.showErrorBox('Chaperone could not start', `The MCP server did not start: ${cause}\nIf Chaperone already runs (perhaps headless with \`chaperone serve\`), stop it first or use that one.`);
    app.exit(1);
    return null;
  }
  const { supervisor } = server;

  const controlWindow = createControlWindow(electron, {
    preloadPath: join(options.appRoot, 'dist', 'main', 'electron', 'preload.cjs'),
    iconPath: join(options.appRoot, 'build', 'icon.png'),
    isQuitting: () => quitting,
  });
  window = controlWindow;
  server.ownWindows.trackAppWindows(() => {
    const view = ownWindowView(controlWindow, options.platform);
    return view ? [view] : [];
  });
  const openPanel = (): void => showWindow(controlWindow);
  const panelContents = () => (controlWindow.isDestroyed() ? null : controlWindow.webContents);
  const events = forwardEvents(supervisor, panelContents);
  const clientConfig = async (): Promise<string> => clientConfigText({ mcpUrl: server.mcpUrl, token: server.token, dataDir: options.server.dataDir });

  const shortcut = registerStopShortcut(electron.globalShortcut, supervisor, (status) => {
    if (status.error !== undefined) {
      options.log(status.error);
      events.send(notice(status.error));
    }
  });
  const removeHandlers = registerBridgeHandlers(electron.ipcMain, { supervisor, panelContents, clientConfig, shortcutStatus: shortcut.status });
  const stopNotifying = notifyPending(electron, supervisor, openPanel);
  const tray = createTray(electron, {
    supervisor,
    appRoot: options.appRoot,
    loginItem: createLoginItem(app, { platform: options.platform, command: options.command }),
    clientConfig,
    openPanel,
    quit: () => app.quit(),
    report: (message) => {
      options.log(message);
      events.send(notice(message));
    },
    platform: options.platform,
  });

  let closed = false;
  let closing: Promise<void> | undefined;
  const closeAll = async (): Promise<void> => {
    shortcut.dispose();
    stopNotifying();
    tray.destroy();
    events.stop();
    removeHandlers();
    await server.close();
  };
  app.on('before-quit', (event) => {
    quitting = true;
    if (closed) return;
    // Electron does not wait for promises: hold the quit until the server (audit log, held keys) has closed.
    event.preventDefault();
    closing ??= closeAll()
      .catch((error: unknown) => options.log(`Chaperone did not close cleanly: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  app.on('activate', openPanel);

  if (!options.argv.includes(HIDDEN_ARG)) controlWindow.once('ready-to-show', openPanel);
  return { server, window: controlWindow, tray, shortcut };
}
