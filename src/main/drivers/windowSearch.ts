// Finding windows by name and waiting for a launched app's window: the same on every OS.
import type { ActionControl, WindowInfo } from './types.js';

function describe(w: WindowInfo): string {
  return `"${w.title}" (${w.app})`;
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
