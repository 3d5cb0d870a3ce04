// One server per data dir: a second `serve` names the process that holds DATA/chaperone.lock and exits non-zero.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDataDir } from '../http/support/harness.js';
import { envWithoutDisplay, runCli, startServe } from './support/cli.js';

test('a second server on the same data dir is refused with the holder’s pid; a dead holder’s lock is taken over', async () => {
  const data = tempDataDir();
  const env = envWithoutDisplay();
  const first = await startServe(['--port', '0', '--data-dir', data.dir], env);
  try {
    const lock = join(data.dir, 'chaperone.lock');
    assert.equal(readFileSync(lock, 'utf8').trim(), String(first.ready.pid));
    const second = await runCli(['serve', '--port', '0', '--data-dir', data.dir], env);
    assert.equal(second.code, 1);
    assert.equal(second.stdout, '', 'no ready line');
    assert.match(second.stderr, new RegExp(`Another Chaperone server \\(process ${first.ready.pid}\\) is already using the data folder `));

    first.child.kill('SIGKILL');
    await first.exited;
    assert.equal(existsSync(lock), true, 'a hard kill leaves the lock behind');
    const third = await startServe(['--port', '0', '--data-dir', data.dir], env);
    assert.equal(readFileSync(lock, 'utf8').trim(), String(third.ready.pid), 'the stale lock is taken over');
    third.child.kill('SIGTERM');
    assert.deepEqual(await third.exited, { code: 0, signal: null });
    assert.equal(existsSync(lock), false, 'released on close');
  } finally {
    first.child.kill('SIGKILL');
    data.remove();
  }
});
