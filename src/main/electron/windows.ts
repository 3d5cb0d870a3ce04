// The control window: sandboxed, isolated, locked to the panel's origin; closing it hides it (the app stays in the tray).
import type { BrowserWindow, WebContents } from 'electron';
import type { AppWindow } from '../core/ownWindows.js';
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

/** How the windows driver sees this window, so agents' input never lands on it; null once it is gone. */
export function ownWindowView(window: BrowserWindow, platform: NodeJS.Platform): AppWindow | null {
  if (window.isDestroyed()) return null;
  // On X11 the native handle is the XID, which the Linux windows driver writes as 0x-prefixed hex.
  const handle = platform === 'linux' ? window.getNativeWindowHandle() : null;
  const id = handle && handle.length >= 4 ? `0x${handle.readUInt32LE(0).toString(16).padStart(8, '0')}` : undefined;
  return { id, bounds: window.getBounds(), visible: window.isVisible() && !window.isMinimized(), focused: window.isFocused() };
}

export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
