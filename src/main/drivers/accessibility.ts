// Picks the accessibility-tree driver for the OS Chaperone runs on.
import type { AccessibilityDriver, WindowsDriver } from './types.js';
import { createLinuxAccessibilityDriver } from './linux/accessibility.js';
import { createMacAccessibilityDriver } from './mac/accessibility.js';
import { createWin32AccessibilityDriver } from './win32/accessibility.js';

/** On Linux, `windows` names each element's X window and finds windows whose app exposes no tree. */
export function createAccessibilityDriver(windows: WindowsDriver, platform: NodeJS.Platform = process.platform): AccessibilityDriver {
  if (platform === 'win32') return createWin32AccessibilityDriver();
  if (platform === 'darwin') return createMacAccessibilityDriver();
  return createLinuxAccessibilityDriver({ windows });
}
