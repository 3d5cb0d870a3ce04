// Picks the accessibility-tree driver for the OS Chaperone runs on.
import type { AccessibilityDriver } from './types.js';

const NOT_BUILT = 'The accessibility tree is not read on this platform yet; use screenshots and coordinates.';

export function createAccessibilityDriver(): AccessibilityDriver {
  return {
    snapshot: async () => ({ elements: [], problem: NOT_BUILT }),
    elementAt: async () => null,
    focusedElement: async () => null,
  };
}
