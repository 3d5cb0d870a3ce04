// Puts every OS driver together; the server builds this once and hands it to the tools and the supervisor.
import { createAccessibilityDriver } from './accessibility.js';
import { createClipboardDriver } from './clipboard.js';
import { createKeyboardDriver } from './keyboard.js';
import { NativeHost } from './nativeHost.js';
import { createPageFetcher } from './pageFetcher.js';
import { createPointerDriver } from './pointer.js';
import { createScreenDriver } from './screen.js';
import { createShellDriver } from './shell.js';
import type { Drivers } from './types.js';
import { createWindowsDriver } from './windows.js';

export interface DriverOptions {
  /** Values a child process must never see (the server's token). */
  secrets: string[];
  /** Environment variable names removed before running a shell command. */
  hiddenEnv: string[];
  /** Hosts fetch_page may reach although they resolve to local addresses (read on every fetch). */
  fetchAllowHosts: () => string[];
}

export function createDrivers(options: DriverOptions): Drivers {
  const windows = createWindowsDriver();
  // One driver child for screen, pointer and keyboard, started at the first desktop call and ended by close().
  const native = new NativeHost();
  return {
    screen: createScreenDriver(native),
    pointer: createPointerDriver(native),
    keyboard: createKeyboardDriver(native),
    windows,
    clipboard: createClipboardDriver(),
    shell: createShellDriver({ secrets: options.secrets, hiddenEnv: options.hiddenEnv }),
    pages: createPageFetcher({ allowHosts: options.fetchAllowHosts }),
    accessibility: createAccessibilityDriver(windows),
    desktopProblem: () => native.problem(),
    close: () => native.close(),
  };
}
