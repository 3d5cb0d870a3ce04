import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createShellDriver } from '../../src/main/drivers/shell.js';
import { testControl as control } from './support/desktop.js';

/** State letter and process group from /proc, or null once the process is gone. Zombies count as dead. */
function procStat(pid: number): { state: string; pgrp: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] as string, pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}

function running(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z';
}

function groupRunning(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const stat = procStat(pid);
      return stat !== null && stat.pgrp === pgid && stat.state !== 'Z';
    });
}

async function waitForFile(path: string): Promise<string> {
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8').trim();
      if (text) return text;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${path} never appeared`);
}

const shell = createShellDriver({ secrets: [], hiddenEnv: [] });
const request = { timeoutMs: 10_000, maxBytes: 64 * 1024 };

test('returns stdout, stderr and the exit code', async () => {
  const result = await shell.run({ ...request, command: 'echo out; echo err >&2; exit 3' }, control());
  assert.equal(result.stdout, 'out\n');
  assert.equal(result.stderr, 'err\n');
  assert.equal(result.exitCode, 3);
  assert.equal(result.signal, null);
  assert.equal(result.timedOut, false);
  assert.equal(result.stdoutTruncated, false);
  assert.ok(result.durationMs >= 0 && result.durationMs < 5000);
});

test('a command killed by a signal reports the signal', async () => {
  const result = await shell.run({ ...request, command: 'kill -9 $$' }, control());
  assert.equal(result.exitCode, null);
  assert.equal(result.signal, 'SIGKILL');
});

test('each stream is capped with a marker saying how much was cut', async () => {
  const result = await shell.run({ command: "head -c 200000 /dev/zero | tr '\\0' a; head -c 3000 /dev/zero | tr '\\0' b >&2", timeoutMs: 10_000, maxBytes: 1024 }, control());
  assert.equal(result.stdoutTruncated, true);
  assert.equal(result.stderrTruncated, true);
  assert.equal(result.stdout, `${'a'.repeat(1024)}\n[... output cut at 1 KiB: 194.3 KiB more not shown]`);
  assert.equal(result.stderr, `${'b'.repeat(1024)}\n[... output cut at 1 KiB: 1.9 KiB more not shown]`);
});

test('the cap never splits a UTF-8 character', async () => {
  const result = await shell.run({ command: "printf 'ééé'", timeoutMs: 10_000, maxBytes: 3 }, control());
  assert.equal(result.stdout, 'é\n[... output cut at 3 bytes: 4 bytes more not shown]');
  const emoji = await shell.run({ command: "printf 'a😀b'", timeoutMs: 10_000, maxBytes: 4 }, control());
  assert.equal(emoji.stdout, 'a\n[... output cut at 4 bytes: 5 bytes more not shown]');
  const exact = await shell.run({ command: "printf 'aé'", timeoutMs: 10_000, maxBytes: 3 }, control());
  assert.equal(exact.stdout, 'aé');
});

test('a timeout kills the whole tree, grandchildren included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-shell-'));
  const pidfile = join(dir, 'pid');
  const result = await shell.run({ ...request, command: `sleep 300 & echo $! > ${pidfile}; wait`, timeoutMs: 500 }, control());
  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGTERM');
  const grandchild = Number(readFileSync(pidfile, 'utf8'));
  const end = Date.now() + 500;
  while (running(grandchild) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.equal(running(grandchild), false, 'the backgrounded sleep is gone');
});

test('processes that ignore SIGTERM get SIGKILL after the grace period', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-shell-'));
  const pidfile = join(dir, 'pid');
  const result = await shell.run({ ...request, command: `trap '' TERM; sleep 300 & echo $! > ${pidfile}; wait; wait`, timeoutMs: 300 }, control());
  assert.equal(result.timedOut, true);
  const grandchild = Number(readFileSync(pidfile, 'utf8'));
  const end = Date.now() + 2500;
  while (running(grandchild) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  assert.equal(running(grandchild), false, 'the TERM-proof sleep is gone');
});

test('abort kills the process group within 100 ms and rejects with AbortError', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-shell-'));
  const pidfile = join(dir, 'pids');
  const ctl = control();
  const pending = shell.run({ ...request, command: `sleep 300 & echo $$ $! > ${pidfile}; wait` }, ctl);
  const [shellPid, grandchild] = (await waitForFile(pidfile)).split(' ').map(Number) as [number, number];
  assert.deepEqual(groupRunning(shellPid).sort(), [shellPid, grandchild].sort(), 'the command runs in its own process group');
  const aborted = Date.now();
  ctl.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  while (groupRunning(shellPid).length > 0 && Date.now() - aborted < 100) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(groupRunning(shellPid), [], 'the process group is dead');
  assert.ok(Date.now() - aborted < 100, `took ${Date.now() - aborted} ms`);
});

test('an already aborted control does not start anything', async () => {
  const ctl = control();
  ctl.abort();
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-shell-'));
  await assert.rejects(shell.run({ ...request, command: `touch ${join(dir, 'ran')}` }, ctl), { name: 'AbortError' });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(existsSync(join(dir, 'ran')), false);
});

test('the child env has no hidden variable and no secret value', async () => {
  process.env.CHAPERONE_TOKEN = 'token-value-1234567890';
  process.env.SOME_OTHER_NAME = 'copied-secret-abcdef';
  process.env.HARMLESS_VALUE = 'still-here';
  try {
    const guarded = createShellDriver({ secrets: ['copied-secret-abcdef', ''], hiddenEnv: ['CHAPERONE_TOKEN'] });
    const result = await guarded.run({ ...request, command: 'env' }, control());
    assert.doesNotMatch(result.stdout, /CHAPERONE_TOKEN|token-value-1234567890/);
    assert.doesNotMatch(result.stdout, /copied-secret-abcdef|SOME_OTHER_NAME/);
    assert.match(result.stdout, /^HARMLESS_VALUE=still-here$/m);
    assert.match(result.stdout, /^PATH=/m);
  } finally {
    delete process.env.CHAPERONE_TOKEN;
    delete process.env.SOME_OTHER_NAME;
    delete process.env.HARMLESS_VALUE;
  }
});

test('cwd is honoured; a missing or non-directory cwd gets a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-shell-'));
  const result = await shell.run({ ...request, command: 'pwd', cwd: dir }, control());
  assert.equal(result.stdout.trim(), realpathSync(dir));
  await assert.rejects(shell.run({ ...request, command: 'pwd', cwd: join(dir, 'missing') }, control()), /The working directory ".*missing" does not exist/);
  writeFileSync(join(dir, 'file'), '');
  await assert.rejects(shell.run({ ...request, command: 'pwd', cwd: join(dir, 'file') }, control()), /is a file, not a directory/);
  await assert.rejects(shell.run({ ...request, command: '   ' }, control()), /The command is empty/);
});

test('stdin is closed, and a background process holding stdout does not hang the call', async () => {
  const started = Date.now();
  const result = await shell.run({ ...request, command: 'cat; sleep 2 & echo started' }, control());
  assert.equal(result.stdout, 'started\n');
  assert.equal(result.exitCode, 0);
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
});
