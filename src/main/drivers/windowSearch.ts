// What every OS's windows driver shares: finding windows by name, waiting for a launched app's window, and the driver around them.
import type { ActionControl, Point, Rect, WindowInfo, WindowsDriver } from './types.js';

function describe(w: WindowInfo): string {
  return `"${w.title}" (${w.app})`;
}

export function contains(rect: Rect, point: Point): boolean {
  return point.x >= rect.x && point.y >= rect.y && point.x < rect.x + rect.width && point.y < rect.y + rect.height;
}

/** The first window whose title or app contains `name`, ignoring case; otherwise an error listing the open windows. */
export function findWindowByName(windows: WindowInfo[], name: string): WindowInfo {
  const wanted = name.trim().toLowerCase();
  if (!wanted) throw new Error('Give the name of a window or app (part of its title or app name is enough).');
  const found =
    windows.find((w) => w.title.toLowerCase() === wanted || w.app.toLowerCase() === wanted) ??
    windows.find((w) => w.title.toLowerCase().includes(wanted) || w.app.toLowerCase().includes(wanted));
  if (found) return found;
  const open = windows.length > 0 ? `Open windows: ${windows.map(describe).join(', ')}.` : 'No windows are open.';
  throw new Error(`No window matches "${name}". ${open}`);
}

export interface LaunchWait {
  list(): Promise<WindowInfo[]>;
  /** Window ids open before the launch. */
  before: Set<string>;
  /** True for a new window that belongs to the launched app. */
  belongs(w: WindowInfo): boolean;
  /** Set when the launched process has died with an error; stops the wait. */
  failure(): Error | null;
  ctl: ActionControl;
  timeoutMs?: number;
}

/** Polls until the launched app shows a window: its own first, else any new one (apps that hand off to a running instance). */
export async function waitForLaunchedWindow(wait: LaunchWait): Promise<WindowInfo | null> {
  const end = Date.now() + (wait.timeoutMs ?? 10_000);
  while (Date.now() < end) {
    await wait.ctl.gate();
    const failure = wait.failure();
    if (failure) throw failure;
    const fresh = (await wait.list()).filter((w) => !wait.before.has(w.id));
    const window = fresh.find((w) => wait.belongs(w)) ?? fresh[0];
    if (window) return window;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return null;
}

/** The few things that differ per OS; `windowsDriverOver` builds the rest of the driver around them. */
export interface OsWindows {
  /** Topmost first. */
  list(): Promise<WindowInfo[]>;
  /** The topmost window at a desktop point, where the OS answers that faster than a full list. */
  at?(point: Point): Promise<WindowInfo | null>;
  /** Starts the app; pid 0 when the OS does not say. */
  start(name: string): Promise<{ pid: number; belongs(w: WindowInfo): boolean; failure(): Error | null }>;
  activate(target: WindowInfo, ctl: ActionControl): Promise<void>;
  closeWindow(target: WindowInfo, ctl: ActionControl): Promise<void>;
}

export function windowsDriverOver(os: OsWindows): WindowsDriver {
  return {
    list: () => os.list(),

    async focused() {
      return (await os.list()).find((w) => w.focused) ?? null;
    },

    async at(point) {
      if (os.at) return os.at(point);
      return (await os.list()).find((w) => contains(w.bounds, point)) ?? null;
    },

    async launch(name, ctl) {
      await ctl.gate();
      const before = new Set((await os.list()).map((w) => w.id));
      const started = await os.start(name);
      const window = await waitForLaunchedWindow({ list: () => os.list(), before, belongs: started.belongs, failure: started.failure, ctl });
      return { pid: started.pid || (window?.pid ?? 0), window };
    },

    async focus(name, ctl) {
      const target = findWindowByName(await os.list(), name);
      await ctl.gate();
      await os.activate(target, ctl);
      return { ...target, focused: true };
    },

    async close(name, ctl) {
      const target = findWindowByName(await os.list(), name);
      await ctl.gate();
      await os.closeWindow(target, ctl);
      return target;
    },
  };
}
