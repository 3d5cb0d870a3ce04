// windows.list() with 30 xterms under openbox, against the floor: the same X requests pipelined on one connection.
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createWindowsDriver } from '../src/main/drivers/windows.js';
import { X11Connection, X_ATOM } from '../src/main/drivers/linux/x11Connection.js';
import { startXServer } from '../test/support/xserver.js';
import { alternating, fmt } from './stats.js';

const WINDOWS = 30;

function getProperty(window: number, property: number, words: number): Buffer {
  const request = Buffer.alloc(24);
  request[0] = 20;
  request.writeUInt16LE(6, 2);
  request.writeUInt32LE(window, 4);
  request.writeUInt32LE(property, 8);
  request.writeUInt32LE(words, 20);
  return request;
}

function onWindow(opcode: number, window: number, extra: number[] = []): Buffer {
  const request = Buffer.alloc(8 + extra.length * 4);
  request[0] = opcode;
  request.writeUInt16LE(request.length / 4, 2);
  request.writeUInt32LE(window, 4);
  extra.forEach((word, i) => request.writeUInt32LE(word, 8 + i * 4));
  return request;
}

/** The floor: read the stacking list, then every window's properties, geometry and position in one pipelined batch. */
async function floorList(x: X11Connection, atoms: Record<string, number>): Promise<number> {
  const root = x.setup.root;
  const [stacking] = await Promise.all([x.request(getProperty(root, atoms._NET_CLIENT_LIST_STACKING ?? 0, 4096)), x.request(getProperty(root, atoms._NET_ACTIVE_WINDOW ?? 0, 1))]);
  const count = stacking.readUInt32LE(16);
  const requests: Promise<Buffer>[] = [];
  for (let i = 0; i < count; i++) {
    const id = stacking.readUInt32LE(32 + i * 4);
    for (const [property, words] of [[atoms._NET_WM_NAME ?? 0, 1024], [X_ATOM.WM_NAME, 1024], [X_ATOM.WM_CLASS, 128], [atoms._NET_WM_PID ?? 0, 1], [atoms._NET_FRAME_EXTENTS ?? 0, 4], [atoms._NET_WM_STATE ?? 0, 16]] as const) {
      requests.push(x.request(getProperty(id, property, words)));
    }
    requests.push(x.request(onWindow(14, id)), x.request(onWindow(40, id, [root, 0])));
  }
  return (await Promise.all(requests)).length;
}

async function waitForWindows(x: X11Connection, atom: number, count: number): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if ((await x.getProperty(x.setup.root, atom, 4096)).value.length / 4 >= count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${count} windows appeared within 60 s`);
}

/** Prints the p50s and their ratio; starts and ends its own Xvfb and openbox. */
export async function benchWindowList(line: (label: string, value: string) => void): Promise<void> {
  const server = await startXServer({ width: 1280, height: 800, windowManager: true });
  const saved = process.env.DISPLAY;
  process.env.DISPLAY = server.display;
  const terms: ChildProcess[] = [];
  try {
    for (let i = 0; i < WINDOWS; i++) terms.push(spawn('xterm', ['-T', `Terminal — bench ${i}`, '-geometry', '40x10'], { env: server.env, stdio: 'ignore' }));
    const floor = await X11Connection.open(server.display);
    try {
      const atoms = await floor.atoms(['_NET_CLIENT_LIST_STACKING', '_NET_ACTIVE_WINDOW', '_NET_WM_NAME', '_NET_WM_PID', '_NET_FRAME_EXTENTS', '_NET_WM_STATE']);
      await waitForWindows(floor, atoms._NET_CLIENT_LIST_STACKING, WINDOWS);
      const windows = createWindowsDriver();
      const listed = await windows.list();
      if (listed.length !== WINDOWS || !listed.some((w) => w.title === 'Terminal — bench 0')) throw new Error(`windows.list() read ${listed.length} windows, not the ${WINDOWS} xterms`);
      const [ours, bare] = await alternating(200, 20, () => windows.list(), () => floorList(floor, atoms));
      line(`windows.list(), ${WINDOWS} windows`, fmt(ours));
      line(`pipelined X requests in-process, ${WINDOWS} windows`, fmt(bare));
      line('windows.list() / floor (target <= 3x; was 154x over xprop)', `${(ours.p50 / bare.p50).toFixed(2)}x`);
    } finally {
      floor.close();
    }
  } finally {
    for (const term of terms) term.kill('SIGKILL');
    process.env.DISPLAY = saved;
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchWindowList((label, value) => console.log(`${label.padEnd(64)} ${value}`)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
