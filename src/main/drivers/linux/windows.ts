// Windows and apps on Linux through X11/EWMH: xprop and xwininfo to read, wmctrl to activate and close politely.
import { spawn } from 'node:child_process';
import { resolveLinuxAppCommand } from './appCommand.js';
import type { ActionControl, Rect, WindowInfo, WindowsDriver } from '../types.js';
import { windowsDriverOver } from '../windowSearch.js';
import { runX11Program, x11Env } from './x11Programs.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes xprop's `8x` byte list ("0x63, 0x68, …"). */
function hexBytes(list: string): Buffer {
  return Buffer.from(list.split(',').map((b) => Number.parseInt(b.trim(), 16)).filter((b) => !Number.isNaN(b)));
}

/** WM_NAME is Latin-1 by the book but often UTF-8 in practice. */
function decodeLegacyName(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function windowIds(line: string | undefined): number[] {
  const match = /window id # (.*)$/.exec((line ?? '').trim());
  if (!match?.[1]) return [];
  return match[1].split(',').map((id) => Number.parseInt(id.trim(), 16)).filter((id) => id > 0);
}

function hexId(id: number): string {
  return `0x${id.toString(16).padStart(8, '0')}`;
}

/** Absolute position and size of every window, from one `xwininfo -root -tree`. */
function parseTreeGeometry(tree: string): Map<number, Rect> {
  const geometry = new Map<number, Rect>();
  for (const line of tree.split('\n')) {
    const match = /^\s*(0x[0-9a-f]+)\s.*\s(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)\s*$/.exec(line);
    if (!match) continue;
    const [, id, width, height, x, y] = match.map((v) => v ?? '');
    geometry.set(Number.parseInt(id as string, 16), { x: Number(x), y: Number(y), width: Number(width), height: Number(height) });
  }
  return geometry;
}

interface WindowProperties {
  title: string;
  app: string;
  pid: number;
}

function parseProperties(text: string): WindowProperties {
  const props = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+) = (.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) props.set(match[1], match[2]);
  }
  const netName = props.get('_NET_WM_NAME');
  const legacyName = props.get('WM_NAME');
  const title = netName ? hexBytes(netName).toString('utf8') : legacyName ? decodeLegacyName(hexBytes(legacyName)) : '';
  const classParts = decodeLegacyName(hexBytes(props.get('WM_CLASS') ?? '')).split('\0').filter(Boolean);
  return { title, app: classParts[1] ?? classParts[0] ?? '', pid: Number(props.get('_NET_WM_PID') ?? 0) || 0 };
}

async function activeWindowId(): Promise<number | null> {
  const { stdout } = await runX11Program('xprop', ['-root', '_NET_ACTIVE_WINDOW']);
  return windowIds(stdout)[0] ?? null;
}

async function listWindows(): Promise<WindowInfo[]> {
  const [{ stdout: root }, { stdout: tree }] = await Promise.all([
    runX11Program('xprop', ['-root', '_NET_CLIENT_LIST', '_NET_ACTIVE_WINDOW']),
    runX11Program('xwininfo', ['-root', '-tree']),
  ]);
  const lines = root.split('\n');
  const ids = windowIds(lines.find((l) => l.startsWith('_NET_CLIENT_LIST')));
  const active = windowIds(lines.find((l) => l.startsWith('_NET_ACTIVE_WINDOW')))[0];
  const geometry = parseTreeGeometry(tree);
  const windows = await Promise.all(
    ids.map(async (id): Promise<WindowInfo | null> => {
      const args = ['-id', hexId(id), '-notype', '-f', '_NET_WM_NAME', '8x', '-f', 'WM_NAME', '8x', '-f', 'WM_CLASS', '8x', '_NET_WM_NAME', 'WM_NAME', 'WM_CLASS', '_NET_WM_PID'];
      // A window may close between listing and reading it.
      const { stdout, exitCode } = await runX11Program('xprop', args, { allowFailure: true });
      if (exitCode !== 0) return null;
      const bounds = geometry.get(id) ?? { x: 0, y: 0, width: 0, height: 0 };
      return { id: hexId(id), ...parseProperties(stdout), bounds, focused: id === active };
    }),
  );
  return windows.filter((w): w is WindowInfo => w !== null);
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
    async start(name) {
      const env = x11Env();
      const { pid, failure } = await spawnDetached(resolveLinuxAppCommand(name, env), env);
      return { pid, belongs: (w) => w.pid === pid, failure };
    },
    async activate(target, ctl) {
      await runX11Program('wmctrl', ['-i', '-a', target.id]);
      const wanted = Number.parseInt(target.id, 16);
      if (!(await pollUntil(async () => (await activeWindowId()) === wanted, ctl, 2000))) {
        throw new Error(`Asked the window manager to focus "${target.title}" (${target.app}), but it did not take focus.`);
      }
    },
    async closeWindow(target, ctl) {
      await runX11Program('wmctrl', ['-i', '-c', target.id]);
      // An app may ask to save first; the window then stays, which is not an error.
      await pollUntil(async () => !(await listWindows()).some((w) => w.id === target.id), ctl, 3000);
    },
  });
}
