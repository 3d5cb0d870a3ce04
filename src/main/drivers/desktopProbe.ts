// Says whether the desktop can be driven, and if not why, without ever crashing the process to find out.
import { createRequire } from 'node:module';
import { DesktopUnavailableError } from './types.js';
import { importNutJs, type NutJs } from './nutjs.js';
import { X11Connection } from './linux/x11Connection.js';

export interface ProbeOptions {
  /** Probe again instead of answering from the cache (e.g. after the person started an X session). */
  fresh?: boolean;
}

interface MacPermissions {
  getAuthStatus(kind: 'accessibility' | 'screen'): string;
}

let cached: Promise<string | null> | null = null;

/** null when the desktop is reachable; otherwise one plain sentence naming the cause and the fix. Cached. */
export function probeDesktop(options: ProbeOptions = {}): Promise<string | null> {
  if (options.fresh || !cached) cached = probe();
  return cached;
}

/** Resolves with nut-js once the desktop is known reachable; otherwise throws DesktopUnavailableError with the probe's sentence. */
export async function requireDesktop(): Promise<NutJs> {
  const problem = await probeDesktop();
  if (problem) throw new DesktopUnavailableError(problem);
  return importNutJs();
}

async function probe(): Promise<string | null> {
  const problem = process.platform === 'darwin' ? macPermissionProblem() : process.platform === 'win32' ? null : await x11Problem();
  if (problem) return problem;
  try {
    await importNutJs();
    return null;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return `The desktop automation library (nut-js) failed to load its native module (${reason}); reinstall Chaperone's dependencies with "npm install", and on Linux install libxtst6 and libpng16-16.`;
  }
}

async function x11Problem(): Promise<string | null> {
  const display = process.env.DISPLAY;
  if (!display) {
    if (process.env.WAYLAND_DISPLAY) {
      return 'This is a Wayland session without X (WAYLAND_DISPLAY is set but DISPLAY is not); log in to an "Xorg"/X11 session, or enable XWayland and set DISPLAY (e.g. DISPLAY=:0).';
    }
    return 'No X display is set (DISPLAY is empty); run Chaperone inside the desktop session, or set DISPLAY to a running X server (e.g. DISPLAY=:0, or start Xvfb for a virtual one).';
  }
  try {
    const connection = await X11Connection.open(display);
    connection.close();
    return null;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return `The X server is not reachable: ${reason}; start the X session (or Xvfb) for DISPLAY=${display}, or point DISPLAY and XAUTHORITY at a running one.`;
  }
}

function macPermissionProblem(): string | null {
  let permissions: MacPermissions;
  try {
    // Optional dependency of nut-js on macOS; without it the OS prompts on first use instead.
    permissions = createRequire(import.meta.url)('@nut-tree-fork/node-mac-permissions') as MacPermissions;
  } catch {
    return null;
  }
  const missing: string[] = [];
  if (permissions.getAuthStatus('screen') !== 'authorized') missing.push('Screen Recording');
  if (permissions.getAuthStatus('accessibility') !== 'authorized') missing.push('Accessibility');
  if (missing.length === 0) return null;
  return `macOS has not granted Chaperone the ${missing.join(' and ')} permission; open System Settings > Privacy & Security > ${missing.join(' and ')}, allow Chaperone (or the terminal running it), then restart it.`;
}
