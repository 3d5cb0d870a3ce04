// Windows and apps on Linux through X11/EWMH, over the shared X protocol connection: every property of every
// window is requested at once and the replies awaited together, so a list costs about one round trip.
import { spawn } from 'node:child_process';
import { resolveLinuxAppCommand } from './appCommand.js';
import { DesktopUnavailableError, type ActionControl, type Point, type WindowInfo, type WindowsDriver } from '../types.js';
import { contains, windowsDriverOver } from '../windowSearch.js';
import { x11Env } from './x11Programs.js';
import { X_ATOM, type X11Connection } from './x11Connection.js';
import { sharedX11 } from './x11Display.js';
import { capTitle, decodeTextProperty, MAX_TITLE_CHARS } from './x11Text.js';

const ATOM_NAMES = [
  '_NET_CLIENT_LIST_STACKING',
  '_NET_ACTIVE_WINDOW',
  '_NET_CLOSE_WINDOW',
  '_NET_FRAME_EXTENTS',
  '_NET_WM_PID',
  '_NET_WM_NAME',
  '_NET_WM_STATE',
  '_NET_WM_STATE_HIDDEN',
  'UTF8_STRING',
  'COMPOUND_TEXT',
] as const;
type Atoms = Record<(typeof ATOM_NAMES)[number], number>;

// Enough bytes for MAX_TITLE_CHARS characters of UTF-8.
const TITLE_BYTES = MAX_TITLE_CHARS * 4;
const SUBSTRUCTURE_NOTIFY = 0x80000;
const SUBSTRUCTURE_REDIRECT = 0x100000;
// EWMH source indication: the request comes from a pager or similar tool acting for the user.
const SOURCE_PAGER = 2;

interface ListedWindow extends WindowInfo {
  /** Minimized or on another desktop: listed, but never the window at a point. */
  hidden: boolean;
}

function hexId(id: number): string {
  return `0x${id.toString(16).padStart(8, '0')}`;
}

function cardinals(value: Buffer): number[] {
  const out: number[] = [];
  for (let at = 0; at + 4 <= value.length; at += 4) out.push(value.readUInt32LE(at));
  return out;
}

async function readWindow(x: X11Connection, atoms: Atoms, id: number, active: number): Promise<ListedWindow> {
  const text = { UTF8_STRING: atoms.UTF8_STRING, COMPOUND_TEXT: atoms.COMPOUND_TEXT, STRING: X_ATOM.STRING };
  const [netName, legacyName, wmClass, pid, extents, state, geometry, origin] = await Promise.all([
    x.getProperty(id, atoms._NET_WM_NAME, TITLE_BYTES),
    x.getProperty(id, X_ATOM.WM_NAME, TITLE_BYTES),
    x.getProperty(id, X_ATOM.WM_CLASS, 512),
    x.getProperty(id, atoms._NET_WM_PID, 4, X_ATOM.CARDINAL),
    x.getProperty(id, atoms._NET_FRAME_EXTENTS, 16, X_ATOM.CARDINAL),
    x.getProperty(id, atoms._NET_WM_STATE, 64),
    x.getGeometry(id),
    x.translateCoordinates(id, x.setup.root, 0, 0),
  ]);
  // EWMH says _NET_WM_NAME is UTF-8 whatever type a tool wrote it with; WM_NAME goes by its type.
  const name = netName.type !== 0 ? decodeTextProperty(atoms.UTF8_STRING, netName.value, text) : decodeTextProperty(legacyName.type, legacyName.value, text);
  const classParts = decodeTextProperty(X_ATOM.STRING, wmClass.value, text).split('\0').filter(Boolean);
  const [left = 0, right = 0, top = 0, bottom = 0] = cardinals(extents.value);
  return {
    id: hexId(id),
    title: capTitle(name),
    app: classParts[1] ?? classParts[0] ?? '',
    pid: cardinals(pid.value)[0] ?? 0,
    bounds: { x: origin.x - left, y: origin.y - top, width: geometry.width + left + right, height: geometry.height + top + bottom },
    focused: id === active,
    hidden: cardinals(state.value).includes(atoms._NET_WM_STATE_HIDDEN),
  };
}

/** Every managed window, topmost first; one that closes while being read is left out. */
async function listWindowsOn(x: X11Connection): Promise<ListedWindow[]> {
  const atoms = await x.atoms(ATOM_NAMES);
  const [stacking, activeProperty] = await Promise.all([
    x.getProperty(x.setup.root, atoms._NET_CLIENT_LIST_STACKING, 4 * 4096),
    x.getProperty(x.setup.root, atoms._NET_ACTIVE_WINDOW, 4, X_ATOM.WINDOW),
  ]);
  const active = cardinals(activeProperty.value)[0] ?? 0;
  // The stacking list runs bottom to top.
  const ids = cardinals(stacking.value).reverse();
  const read = await Promise.allSettled(ids.map((id) => readWindow(x, atoms, id, active)));
  return read.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

/** The shared connection, or DesktopUnavailableError when there is no display to reach. */
async function desktop(): Promise<X11Connection> {
  const display = x11Env().DISPLAY ?? '';
  try {
    return await sharedX11(display);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DesktopUnavailableError(`Cannot open the X display ${display}: ${reason}. Check that the X server is running and DISPLAY is right.`);
  }
}

async function listWindows(): Promise<WindowInfo[]> {
  return (await listWindowsOn(await desktop())).map(({ hidden: _hidden, ...info }) => info);
}

async function windowAt(point: Point): Promise<WindowInfo | null> {
  const found = (await listWindowsOn(await desktop())).find((w) => !w.hidden && contains(w.bounds, point));
  if (!found) return null;
  const { hidden: _hidden, ...info } = found;
  return info;
}

async function activeWindowId(x: X11Connection): Promise<number> {
  const atoms = await x.atoms(ATOM_NAMES);
  return cardinals((await x.getProperty(x.setup.root, atoms._NET_ACTIVE_WINDOW, 4, X_ATOM.WINDOW)).value)[0] ?? 0;
}

/** Asks the window manager (EWMH client message to the root), which is what pagers and wmctrl do. */
async function askWindowManager(messageType: (typeof ATOM_NAMES)[number], window: number, data: (x: X11Connection) => Promise<number[]>): Promise<X11Connection> {
  const x = await desktop();
  const atoms = await x.atoms(ATOM_NAMES);
  await x.sendClientMessage(x.setup.root, window, atoms[messageType], await data(x), SUBSTRUCTURE_REDIRECT | SUBSTRUCTURE_NOTIFY);
  return x;
}

async function pollUntil(check: () => Promise<boolean>, ctl: ActionControl, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await ctl.gate();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function spawnDetached(argv: string[], env: NodeJS.ProcessEnv): Promise<{ pid: number; failure: () => Error | null }> {
  const [program, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(program as string, args, { env, detached: true, stdio: 'ignore' });
    let failure: Error | null = null;
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(`Cannot launch "${argv.join(' ')}": the program "${program}" was not found.`) : error);
    });
    child.once('spawn', () => {
      child.unref();
      resolve({ pid: child.pid as number, failure: () => failure });
    });
    child.once('exit', (code, signal) => {
      if (code !== 0) failure = new Error(`"${argv.join(' ')}" exited at once (${signal ? `signal ${signal}` : `exit code ${code}`}) without showing a window.`);
    });
  });
}

export function createLinuxWindowsDriver(): WindowsDriver {
  return windowsDriverOver({
    list: listWindows,
    at: windowAt,
    async start(name) {
      const env = x11Env();
      const { pid, failure } = await spawnDetached(resolveLinuxAppCommand(name, env), env);
      return { pid, belongs: (w) => w.pid === pid, failure };
    },
    async activate(target, ctl) {
      const wanted = Number.parseInt(target.id, 16);
      // data: source indication, timestamp (CurrentTime), the requestor's currently active window.
      const x = await askWindowManager('_NET_ACTIVE_WINDOW', wanted, async (conn) => [SOURCE_PAGER, 0, await activeWindowId(conn)]);
      if (!(await pollUntil(async () => (await activeWindowId(x)) === wanted, ctl, 2000))) {
        throw new Error(`Asked the window manager to focus "${target.title}" (${target.app}), but it did not take focus.`);
      }
    },
    async closeWindow(target, ctl) {
      await askWindowManager('_NET_CLOSE_WINDOW', Number.parseInt(target.id, 16), async () => [0, SOURCE_PAGER]);
      // An app may ask to save first; the window then stays, which is not an error.
      await pollUntil(async () => !(await listWindows()).some((w) => w.id === target.id), ctl, 3000);
    },
  });
}
