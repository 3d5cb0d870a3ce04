// Picks the clipboard driver for the OS Chaperone runs on.
import { createLinuxClipboardDriver } from './linux/clipboard.js';
import { createMacClipboardDriver } from './mac/clipboard.js';
import { createWin32ClipboardDriver } from './win32/clipboard.js';
import type { ClipboardDriver } from './types.js';

export function createClipboardDriver(platform: NodeJS.Platform = process.platform): ClipboardDriver {
  if (platform === 'win32') return createWin32ClipboardDriver();
  if (platform === 'darwin') return createMacClipboardDriver();
  return createLinuxClipboardDriver();
}
