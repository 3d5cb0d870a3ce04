// Says whether the desktop can be reached, and if not why, without loading any native code to find out.
import { createRequire } from 'node:module';
import { X11Connection } from './linux/x11Connection.js';

interface MacPermissions {
  getAuthStatus(kind: 'accessibility' | 'screen'): string;
}

/**
 * null when the display is reachable; otherwise one plain sentence naming the cause and the fix. Asked afresh each
 * time (the X server may come and go); whether nut-js loads is the driver child's to say (nativeHost.ts).
 */
export async function probeDesktop(): Promise<string | null> {
  if (process.platform === 'darwin') return macPermissionProblem();
  if (process.platform === 'win32') return null;
  return x11Problem();
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
