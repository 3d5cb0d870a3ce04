// Test helpers for the HTTP layer: drivers that report "no display" (as on CI without X).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DesktopUnavailableError, type Drivers } from '../../../src/main/drivers/types.js';

export const NO_DISPLAY = 'No display: DISPLAY is not set, so there is no X server to reach. Start Chaperone inside a desktop session.';

function unavailable(): never {
  throw new DesktopUnavailableError(NO_DISPLAY);
}

/** Drivers of a machine without a desktop; shell and pages also refuse, since these tests exercise HTTP only. */
export function headlessDrivers(): Drivers {
  return {
    screen: { size: async () => unavailable(), capture: async () => unavailable(), displays: async () => unavailable() },
    pointer: {
      position: async () => unavailable(),
      moveTo: async () => unavailable(),
      click: async () => unavailable(),
      drag: async () => unavailable(),
      scroll: async () => unavailable(),
      releaseAll: async () => undefined,
      lastPlaced: () => null,
    },
    keyboard: { type: async () => unavailable(), chord: async () => unavailable(), releaseAll: async () => undefined },
    windows: { list: async () => unavailable(), focused: async () => unavailable(), at: async () => unavailable(), launch: async () => unavailable(), focus: async () => unavailable(), close: async () => unavailable() },
    clipboard: { get: async () => unavailable(), set: async () => unavailable() },
    shell: { run: async () => unavailable() },
    pages: { fetch: async () => unavailable() },
    accessibility: { snapshot: async () => unavailable(), elementAt: async () => unavailable(), focusedElement: async () => unavailable() },
    desktopProblem: async () => NO_DISPLAY,
  };
}

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-http-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
