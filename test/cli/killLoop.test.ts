// SIGKILL of `serve` mid-work, ten times on one data dir: every restart serves again and `audit verify` finds the chain intact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { tempDataDir } from '../http/support/harness.js';
import { connectClient } from '../support/mcpClient.js';
import { verifyAuditChain } from '../../src/main/core/auditVerify.js';
import { envWithoutDisplay, startServe } from './support/cli.js';

const ROUNDS = 10;

it('keeps the audit chain intact across ten SIGKILLs with calls in flight', { timeout: 150_000 }, async () => {
  const data = tempDataDir();
  const env = envWithoutDisplay();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const serve = await startServe(['--port', '0', '--data-dir', data.dir, '--policy', 'autonomous'], env);
      const token = readFileSync(join(data.dir, 'token'), 'utf8').trim();
      const { client } = await connectClient(serve.ready.mcp, token, `kill-${round}`);
      await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
      // Calls still running when the process dies.
      const inFlight = Array.from({ length: 5 }, () => client.callTool({ name: 'wait', arguments: { seconds: 0 } }, undefined, { timeout: 3000 }).catch(() => undefined));
      serve.child.kill('SIGKILL');
      await serve.exited;
      await client.close().catch(() => undefined);
      await Promise.all(inFlight);
      // The check `audit verify` runs, in-process: a CLI start per round would double the test's time.
      const verified = await verifyAuditChain(data.dir);
      assert.ok(verified.ok, `round ${round}: ${JSON.stringify(verified)}`);
    }
  } finally {
    data.remove();
  }
});
