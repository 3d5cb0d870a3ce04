// The audit chain across a hard crash of `chaperone serve`: SIGKILL mid-run, verify, restart, continue, then tamper.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { envWithoutDisplay, runCli, startServe, type ServeProcess } from '../cli/support/cli.js';
import { connectClient } from '../support/mcpClient.js';

const TOKEN = 'e2e-audit-crash-token';

interface Record {
  seq: number;
  event: string;
  client?: string;
  prev: string;
  hash: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'chaperone-e2e-audit-'));
const auditDir = join(dataDir, 'audit');
const servers: ServeProcess[] = [];

after(() => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every audit line in chain order, with the file it is in. */
function lines(): { file: string; line: number; text: string }[] {
  const files = readdirSync(auditDir).filter((name) => name.endsWith('.jsonl')).sort();
  return files.flatMap((name) => {
    const file = join(auditDir, name);
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((text) => text.length > 0)
      .map((text, index) => ({ file, line: index + 1, text }));
  });
}

async function serve(): Promise<ServeProcess> {
  const started = await startServe(['--port', '0', '--data-dir', dataDir, '--policy', 'autonomous', '--token', TOKEN], envWithoutDisplay());
  servers.push(started);
  return started;
}

async function connect(mcpUrl: string, name: string): Promise<Client> {
  return (await connectClient(mcpUrl, TOKEN, name)).client;
}

test('a SIGKILL mid-run leaves a chain that verifies; a restart continues it; an edited record is named by file and line', async () => {
  const first = await serve();
  const clients = await Promise.all([1, 2, 3].map((n) => connect(first.ready.mcp, `audit-before-${n}`)));
  let completed = 0;
  let killed = false;
  // Three clients calling back to back, so the kill lands while records are being written.
  const loops = clients.map(async (client) => {
    while (!killed) {
      try {
        await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
        completed += 1;
      } catch {
        return;
      }
    }
  });
  while (completed < 30) await sleep(5);
  first.child.kill('SIGKILL');
  killed = true;
  assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });
  await Promise.all(loops);
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));

  const afterCrash = await runCli(['audit', 'verify', '--data-dir', dataDir]);
  assert.equal(afterCrash.code, 0, afterCrash.stdout + afterCrash.stderr);
  const before = lines();
  assert.ok(before.length >= 4 * completed, `${before.length} records for ${completed} calls`);
  const lastBefore = JSON.parse(before.at(-1)!.text) as Record;
  assert.match(afterCrash.stdout, new RegExp(`Audit log intact: ${before.length} records`));

  const second = await serve();
  const client = await connect(second.ready.mcp, 'audit-after');
  const usage = (await client.callTool({ name: 'context_usage', arguments: {} })) as CallToolResult;
  assert.equal(usage.isError, undefined);
  await client.close();
  second.child.kill('SIGTERM');
  assert.deepEqual(await second.exited, { code: 0, signal: null });

  const afterRestart = await runCli(['audit', 'verify', '--data-dir', dataDir]);
  assert.equal(afterRestart.code, 0, afterRestart.stdout + afterRestart.stderr);
  const all = lines();
  assert.deepEqual(all.slice(0, before.length), before, 'the records before the crash are untouched');
  const firstAfter = JSON.parse(all[before.length]!.text) as Record;
  assert.equal(firstAfter.prev, lastBefore.hash, 'the first record after the restart links to the last one before the crash');
  assert.equal(firstAfter.seq, lastBefore.seq + 1);
  const newRecords = all.slice(before.length).map((l) => JSON.parse(l.text) as Record);
  assert.ok(newRecords.some((r) => r.event === 'finished'), 'the call after the restart is on record');

  const byFile = new Map<string, number>();
  for (const l of all) byFile.set(l.file, (byFile.get(l.file) ?? 0) + 1);
  const [file] = [...byFile.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const fileLines = readFileSync(file, 'utf8').split('\n');
  const middle = Math.floor((fileLines.length - 1) / 2);
  const edited = fileLines[middle]!.replace(/"ts":"[^"]+"/, '"ts":"2001-01-01T00:00:00.000Z"');
  assert.notEqual(edited, fileLines[middle]);
  fileLines[middle] = edited;
  writeFileSync(file, fileLines.join('\n'));
  const tampered = await runCli(['audit', 'verify', '--data-dir', dataDir]);
  assert.equal(tampered.code, 1, tampered.stdout);
  assert.ok(tampered.stdout.includes(`${file} line ${middle + 1}:`), tampered.stdout);
});
