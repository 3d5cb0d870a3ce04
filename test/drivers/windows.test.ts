import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createWindowsDriver } from '../../src/main/drivers/windows.js';
import { contains } from '../../src/main/drivers/windowSearch.js';
import { DesktopUnavailableError, type WindowInfo } from '../../src/main/drivers/types.js';
import { testControl as control } from './support/desktop.js';
import { execWords, resolveLinuxAppCommand, splitCommandLine } from '../../src/main/drivers/linux/appCommand.js';
import { startXServer, type XServer } from '../support/xserver.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let x: XServer;
const launched: number[] = [];

before(async () => {
  x = await startXServer({ windowManager: true });
  process.env.DISPLAY = x.display;
});

after(async () => {
  for (const pid of launched) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await x.stop();
});

test('launch shows the xterm in list() with its title, app, pid and bounds', async () => {
  const windows = createWindowsDriver();
  const started = Date.now();
  const { pid, window } = await windows.launch('xterm -T chaperone-test-term', control());
  launched.push(pid);
  assert.ok(window, 'launch returns the new window');
  assert.equal(window.pid, pid);
  assert.ok(Date.now() - started < 10_000);
  const listed = (await windows.list()).find((w) => w.title === 'chaperone-test-term');
  assert.ok(listed, 'the window is listed by title');
  assert.equal(listed.app, 'XTerm');
  assert.equal(listed.pid, pid);
  assert.match(listed.id, /^0x[0-9a-f]{8}$/);
  assert.ok(listed.bounds.width > 100 && listed.bounds.height > 100, `bounds ${JSON.stringify(listed.bounds)}`);
  assert.deepEqual(listed.bounds, frameGeometry(listed.id));
});

/** The window manager's frame around a client, as xwininfo sees it: the root's child that holds the client, border included. */
function frameGeometry(id: string): { x: number; y: number; width: number; height: number } {
  let window = id;
  for (;;) {
    const tree = execFileSync('xwininfo', ['-id', window, '-tree'], { env: x.env, encoding: 'utf8' });
    const root = /Root window id: (0x[0-9a-f]+)/.exec(tree)?.[1];
    const parent = /Parent window id: (0x[0-9a-f]+)/.exec(tree)?.[1];
    if (!parent || parent === root) break;
    window = parent;
  }
  assert.notEqual(window, id, 'the client is reparented into a frame');
  const info = execFileSync('xwininfo', ['-id', window], { env: x.env, encoding: 'utf8' });
  const field = (name: string): number => Number(new RegExp(`${name}:\\s+(-?\\d+)`).exec(info)?.[1]);
  const border = field('Border width');
  return { x: field('Absolute upper-left X') - border, y: field('Absolute upper-left Y') - border, width: field('Width') + 2 * border, height: field('Height') + 2 * border };
}

test('focus moves the input focus to the named window, and focused() reports it', async () => {
  const windows = createWindowsDriver();
  const other = await windows.launch('xterm -T other-term', control());
  launched.push(other.pid);
  assert.equal((await windows.focused())?.title, 'other-term');
  const focused = await windows.focus('CHAPERONE-TEST', control());
  assert.equal(focused.title, 'chaperone-test-term');
  assert.equal((await windows.focused())?.title, 'chaperone-test-term');
  const active = execFileSync('xdotool', ['getactivewindow'], { env: x.env, encoding: 'utf8' }).trim();
  assert.equal(Number(active), Number.parseInt(focused.id, 16));
});

test('titles in UTF-8 and in Latin-1 are read exactly', async () => {
  const windows = createWindowsDriver();
  const target = (await windows.list()).find((w) => w.title === 'other-term');
  assert.ok(target);
  execFileSync('xdotool', ['set_window', '--name', 'naïve 中文 "q" \\ 😀', target.id], { env: x.env });
  assert.ok((await windows.list()).some((w) => w.title === 'naïve 中文 "q" \\ 😀'));
  const latin = await windows.launch('xterm -T tést', control());
  launched.push(latin.pid);
  assert.equal(latin.window?.title, 'tést');
});

test('a name that matches nothing gets an error listing the open windows', async () => {
  const windows = createWindowsDriver();
  await assert.rejects(windows.focus('no-such-window', control()), /No window matches "no-such-window"\. Open windows: .*"chaperone-test-term" \(XTerm\)/);
  await assert.rejects(windows.close('', control()), /Give the name of a window/);
});

test('close asks the window to close: it leaves the list and its process exits', async () => {
  const windows = createWindowsDriver();
  const target = (await windows.list()).find((w) => w.title === 'chaperone-test-term');
  assert.ok(target);
  const closed = await windows.close('chaperone-test-term', control());
  assert.equal(closed.id, target.id);
  assert.ok(!(await windows.list()).some((w) => w.id === target.id));
  const end = Date.now() + 3000;
  while (alive(target.pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.equal(alive(target.pid), false, 'the xterm process has exited');
});

test('launch resolves a .desktop file by name and strips its field codes', async () => {
  const dataHome = mkdtempSync(join(tmpdir(), 'chaperone-apps-'));
  execFileSync('mkdir', ['-p', join(dataHome, 'applications')]);
  writeFileSync(join(dataHome, 'applications', 'probe-term.desktop'), '[Desktop Entry]\nType=Application\nName=Probe Terminal\nExec=xterm -T "desktop probe" %U\n');
  const env = { ...process.env, XDG_DATA_HOME: dataHome };
  assert.deepEqual(resolveLinuxAppCommand('Probe Terminal', env), ['xterm', '-T', 'desktop probe']);
  assert.deepEqual(resolveLinuxAppCommand('probe-term', env), ['xterm', '-T', 'desktop probe']);
  assert.throws(() => resolveLinuxAppCommand('nothing-called-this', env), /No program or app named "nothing-called-this" was found/);
  process.env.XDG_DATA_HOME = dataHome;
  try {
    const windows = createWindowsDriver();
    const { pid, window } = await windows.launch('Probe Terminal', control());
    launched.push(pid);
    assert.equal(window?.title, 'desktop probe');
  } finally {
    delete process.env.XDG_DATA_HOME;
  }
});

test('command lines split like a shell and Exec field codes go away', () => {
  assert.deepEqual(splitCommandLine(`a 'b c' "d \\"e\\"" f\\ g`), ['a', 'b c', 'd "e"', 'f g']);
  assert.deepEqual(execWords('app --x=%u %F 100%% "%k"'), ['app', '--x=', '100%']);
  assert.throws(() => splitCommandLine('a "b'), /unclosed double quote/);
});

test('a launch whose program is missing or fails says so', async () => {
  const windows = createWindowsDriver();
  await assert.rejects(windows.launch('/nonexistent/program', control()), /the program "\/nonexistent\/program" was not found/);
  await assert.rejects(windows.launch('false', control()), /"false" exited at once \(exit code 1\)/);
});

test('an aborted launch stops waiting', async () => {
  const windows = createWindowsDriver();
  const ctl = control();
  const waiting = windows.launch('sleep 3', ctl);
  setTimeout(() => ctl.abort(), 300);
  const started = Date.now();
  await assert.rejects(waiting, { name: 'AbortError' });
  assert.ok(Date.now() - started < 1500);
});

test('without DISPLAY every method throws DesktopUnavailableError naming the cause', async () => {
  const windows = createWindowsDriver();
  const saved = process.env.DISPLAY;
  delete process.env.DISPLAY;
  try {
    for (const call of [() => windows.list(), () => windows.focused(), () => windows.launch('xterm', control()), () => windows.focus('x', control()), () => windows.close('x', control())]) {
      await assert.rejects(call(), (error: Error) => error instanceof DesktopUnavailableError && /DISPLAY is not set/.test(error.message));
    }
  } finally {
    process.env.DISPLAY = saved;
  }
});

test('titles come back exactly as the program set them: an em dash, Greek and CJK, and a 1,024-character cap', async () => {
  const windows = createWindowsDriver();
  const dash = await windows.launch('xterm -T "Terminal — notes"', control());
  launched.push(dash.pid);
  assert.equal(dash.window?.title, 'Terminal — notes');
  const greek = await windows.launch('xterm -T "Ωμέγα 中文 ✓"', control());
  launched.push(greek.pid);
  assert.equal(greek.window?.title, 'Ωμέγα 中文 ✓');
  assert.ok(greek.window);
  execFileSync('xdotool', ['set_window', '--name', 'é'.repeat(3000), greek.window.id], { env: x.env });
  const long = (await windows.list()).find((w) => w.id === greek.window?.id);
  assert.equal(long?.title, 'é'.repeat(1024));
});

test('a window whose only title is a COMPOUND_TEXT WM_NAME is read exactly', async () => {
  const windows = createWindowsDriver();
  const { pid, window } = await windows.launch('xterm -T compound-probe', control());
  launched.push(pid);
  assert.ok(window);
  const env = { ...x.env, LC_ALL: 'C.UTF-8' };
  const cases: Array<[string, string]> = [['Ünïcødé — test', 'COMPOUND_TEXT'], ['Ωμέγα', 'COMPOUND_TEXT'], ['中文 ✓', 'COMPOUND_TEXT'], ['naïve', 'STRING']];
  for (const [title, type] of cases) {
    execFileSync('xprop', ['-id', window.id, '-f', 'WM_NAME', '8t', '-set', 'WM_NAME', title], { env });
    execFileSync('xprop', ['-id', window.id, '-remove', '_NET_WM_NAME'], { env });
    const stored: string = execFileSync('xprop', ['-id', window.id, 'WM_NAME', '_NET_WM_NAME'], { env, encoding: 'utf8' });
    assert.ok(stored.startsWith(`WM_NAME(${type}) = `), stored);
    assert.match(stored, /_NET_WM_NAME: {2}not found/);
    const listed: WindowInfo | undefined = (await windows.list()).find((w) => w.id === window.id);
    assert.equal(listed?.title, title);
  }
});

test('at() answers the topmost window at a point, and follows when the other one is raised', async () => {
  const windows = createWindowsDriver();
  const lower = await windows.launch('xterm -T at-lower -geometry 60x20+100+100', control());
  launched.push(lower.pid);
  const upper = await windows.launch('xterm -T at-upper -geometry 60x20+200+150', control());
  launched.push(upper.pid);
  assert.ok(lower.window && upper.window);
  const overlap = { x: upper.window.bounds.x + 20, y: upper.window.bounds.y + 20 };
  assert.ok(overlap.x < lower.window.bounds.x + lower.window.bounds.width && overlap.y < lower.window.bounds.y + lower.window.bounds.height, 'the point lies on both');
  assert.equal((await windows.at(overlap))?.title, 'at-upper');
  assert.equal((await windows.list())[0]?.title, 'at-upper', 'list() is topmost first');
  await windows.focus('at-lower', control());
  assert.equal((await windows.at(overlap))?.title, 'at-lower');
  assert.equal((await windows.at({ x: lower.window.bounds.x + 5, y: lower.window.bounds.y + 5 }))?.title, 'at-lower');
  const listed = await windows.list();
  const bare = [0, 100, 200, 300, 400, 500, 600, 700].flatMap((py) => [0, 200, 400, 600, 800, 1000, 1200].map((px) => ({ x: px, y: py }))).find((p) => !listed.some((w) => contains(w.bounds, p)));
  assert.ok(bare, 'some of the desktop is bare');
  assert.equal(await windows.at(bare), null, 'the bare desktop');
});

test('a listed window that is gone by the time it is read is left out, and the rest is listed', async () => {
  const windows = createWindowsDriver();
  const before = await windows.list();
  const stacking = execFileSync('xprop', ['-root', '_NET_CLIENT_LIST_STACKING'], { env: x.env, encoding: 'utf8' });
  const ids = (/# (.*)$/.exec(stacking.trim())?.[1] ?? '').split(', ');
  // A window id that no longer exists, placed in the list the way a window closing mid-list would be.
  execFileSync('xprop', ['-root', '-f', '_NET_CLIENT_LIST_STACKING', '32c', '-set', '_NET_CLIENT_LIST_STACKING', [...ids, '0x7ffffff'].join(', ')], { env: x.env });
  try {
    assert.deepEqual((await windows.list()).map((w) => w.id), before.map((w) => w.id));
  } finally {
    execFileSync('xprop', ['-root', '-f', '_NET_CLIENT_LIST_STACKING', '32c', '-set', '_NET_CLIENT_LIST_STACKING', ids.join(', ')], { env: x.env });
  }
  // And for real: windows closing while lists run.
  const doomed = await Promise.all([1, 2, 3].map(() => windows.launch('xterm -T doomed', control())));
  const lists = [windows.list(), windows.list()];
  for (const d of doomed) process.kill(d.pid, 'SIGKILL');
  lists.push(windows.list(), windows.list());
  for (const list of await Promise.all(lists)) assert.ok(list.some((w) => w.title === 'at-upper'));
});
