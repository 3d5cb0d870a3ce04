// Electron entry point (package.json "main"): hands the real electron module to the desktop app.
import { app, BrowserWindow, clipboard, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, protocol, session, Tray } from 'electron';
import { defaultDataDir } from '../dataDir.js';
import { DEFAULT_PORT } from '../http/server.js';
import { PACKAGE_ROOT } from '../packageInfo.js';
import { runDesktopApp } from './desktopApp.js';

const electron = { app, BrowserWindow, clipboard, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, protocol, session, Tray };

// Packaged, the executable starts the app; in development it is electron plus the app folder.
const command = app.isPackaged ? [process.env.APPIMAGE ?? process.execPath] : [process.execPath, app.getAppPath()];

runDesktopApp(electron, {
  appRoot: PACKAGE_ROOT,
  server: { dataDir: defaultDataDir(), port: DEFAULT_PORT },
  command,
  argv: process.argv,
  platform: process.platform,
  log: (line) => process.stderr.write(`${line}\n`),
}).catch((error: unknown) => {
  process.stderr.write(`Chaperone failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  app.exit(1);
});
