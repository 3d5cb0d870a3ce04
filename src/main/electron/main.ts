// Electron entry point (package.json "main"): hands the real electron module to the desktop app.
import { app, BrowserWindow, clipboard, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, protocol, session, Tray } from 'electron';
import { PACKAGE_ROOT } from '../packageInfo.js';
import { runDesktopApp } from './desktopApp.js';
import { launchOptions } from './launchOptions.js';

const electron = { app, BrowserWindow, clipboard, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, protocol, session, Tray };

// Packaged, the executable starts the app; in development it is electron plus the app folder.
const command = app.isPackaged ? [process.env.APPIMAGE ?? process.execPath] : [process.execPath, app.getAppPath()];

Promise.resolve()
  .then(() =>
    runDesktopApp(electron, {
      appRoot: PACKAGE_ROOT,
      server: launchOptions(process.argv),
      command,
      argv: process.argv,
      platform: process.platform,
      log: (line) => process.stderr.write(`${line}\n`),
    }),
  )
  .catch((error: unknown) => {
    process.stderr.write(`Chaperone failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    app.exit(1);
  });
