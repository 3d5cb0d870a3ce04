// The control window: sandboxed, isolated, locked to the panel's origin; closing it hides it (the app stays in the tray).
import type { BrowserWindow, WebContents } from 'electron';
import type { ElectronApi } from './electronApi.js';
import { isPanelUrl, PANEL_URL } from './panelProtocol.js';

export interface ControlWindowOptions {
  preloadPath: string;
  iconPath: string;
  /** True once the person chose Quit: then closing really closes. */
  isQuitting: () => boolean;
}

/** Blocks navigation away from the panel, new windows and embedded webviews. */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isPanelUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isPanelUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createControlWindow(electron: Pick<ElectronApi, 'BrowserWindow'>, options: ControlWindowOptions): BrowserWindow {
  const window = new electron.BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Chaperone',
    icon: options.iconPath,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  lockNavigation(window.webContents);
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  void window.loadURL(PANEL_URL);
  return window;
}

export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
