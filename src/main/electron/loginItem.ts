// "Start at login": the OS login item on macOS and Windows, an XDG autostart entry on Linux (where Electron has no API for it).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApi } from './electronApi.js';

export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

/** Passed at login so the app starts in the tray without opening its window. */
export const HIDDEN_ARG = '--hidden';

export interface LoginItemOptions {
  platform: NodeJS.Platform;
  /** The command that starts this app, e.g. [AppImage] or [electron, appDir]. */
  command: string[];
  env?: NodeJS.ProcessEnv;
}

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'chaperone.desktop');
}

function desktopEntry(command: string[]): string {
  const exec = [...command, HIDDEN_ARG].map((part) => `"${part.replace(/(["`$\\])/g, '\\$1')}"`).join(' ');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Chaperone', 'Comment=Supervised desktop automation for AI agents', `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export function createLoginItem(app: ElectronApi['app'], options: LoginItemOptions): LoginItem {
  if (options.platform !== 'linux') {
    const [path, ...args] = options.command;
    return {
      isEnabled: () => app.getLoginItemSettings({ path, args: [...args, HIDDEN_ARG] }).openAtLogin,
      setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, path, args: [...args, HIDDEN_ARG] }),
    };
  }
  const file = autostartFile(options.env);
  return {
    isEnabled: () => {
      try {
        return readFileSync(file, 'utf8').includes('Name=Chaperone');
      } catch {
        return false;
      }
    },
    setEnabled: (enabled) => {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, desktopEntry(options.command));
    },
  };
}
