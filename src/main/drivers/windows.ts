// Picks the windows-and-apps driver for the OS Chaperone runs on.
import type { WindowsDriver } from './types.js';
import { createLinuxWindowsDriver } from './linux/windows.js';
import { createMacWindowsDriver } from './mac/windows.js';
import { createWin32WindowsDriver } from './win32/windows.js';

export function createWindowsDriver(platform: NodeJS.Platform = process.platform): WindowsDriver {
  if (platform === 'win32') return createWin32WindowsDriver();
  if (platform === 'darwin') return createMacWindowsDriver();
  return createLinuxWindowsDriver();
}
