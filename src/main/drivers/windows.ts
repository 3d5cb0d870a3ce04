// Picks the windows-and-apps driver for the OS Chaperone runs on.
import type { WindowsDriver } from './types.js';
import { createLinuxWindowsDriver } from './windowsLinux.js';
import { createMacWindowsDriver } from './windowsMac.js';
import { createWin32WindowsDriver } from './windowsWin32.js';

export function createWindowsDriver(platform: NodeJS.Platform = process.platform): WindowsDriver {
  if (platform === 'win32') return createWin32WindowsDriver();
  if (platform === 'darwin') return createMacWindowsDriver();
  return createLinuxWindowsDriver();
}
