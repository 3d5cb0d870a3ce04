// Picks the accessibility-tree driver for the OS Chaperone runs on.
import type { AccessibilityDriver, WindowsDriver } from './types.js';
import { createLinuxAccessibilityDriver } from './linux/accessibility.js';

const NOT_BUILT = 'The accessibility tree is not read on this platform yet; use screenshots and coordinates.';

/** `windows` names each element's window and finds windows whose app exposes no tree. */
export function createAccessibilityDriver(windows: WindowsDriver, platform: NodeJS.Platform = process.platform): AccessibilityDriver {
  if (platform === 'win32' || platform === 'darwin') {
    return { snapshot: async () => ({ elements: [], problem: NOT_BUILT }), elementAt: async () => null, focusedElement: async () => null };
  }
  return createLinuxAccessibilityDriver({ windows });
}
