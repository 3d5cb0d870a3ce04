import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createWindowsDriver } from '../../src/main/drivers/windows.js';
import { DesktopUnavailableError } from '../../src/main/drivers/types.js';
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
  const info = execFileSync('xwininfo', ['-id', listed.id], { env: x.env, encoding: 'utf8' });
  assert.match(info, new RegExp(`Absolute upper-left X:\\s+${listed.bounds.x}\\n`));
  assert.match(info, new RegExp(`Absolute upper-left Y:\\s+${listed.bounds.y}\\n`));
  assert.match(info, new RegExp(`Width: ${listed.bounds.width}\\n`));
});

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
