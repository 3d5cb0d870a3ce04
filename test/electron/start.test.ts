import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';

const dataDir = mkdtempSync(join(tmpdir(), 'chaperone-start-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('npm start without the Electron runtime says so in one line and runs headless mode, then stops on SIGTERM', { timeout: 240_000 }, async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron-here') };
  delete env.CHAPERONE_TOKEN;
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stdoutLines: string[] = [];
  const lines = createInterface({ input: child.stdout });
  try {
    for await (const line of lines) {
      stdoutLines.push(line);
      if (line.startsWith('chaperone ready ')) break;
    }
    assert.deepEqual(stdoutLines[0], 'Electron runtime not installed: starting Chaperone in headless mode (panel in your browser).');
    assert.equal(stdoutLines.length, 2, `stdout: ${stdoutLines.join('\n')}\nstderr: ${stderr}`);
    const ready = JSON.parse(stdoutLines[1]?.slice('chaperone ready '.length) ?? '') as { panel: string; mcp: string };
    assert.match(ready.panel, /^http:\/\/127\.0\.0\.1:\d+\/$/);

    const token = readFileSync(join(dataDir, 'token'), 'utf8').trim();
    for (let i = 0; i < 100 && !stderr.includes('Open the control panel'); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(stderr.includes(`Open the control panel: ${ready.panel}?token=${encodeURIComponent(token)}\n`), stderr);
    const health = await fetch(new URL('/healthz', ready.panel));
    assert.deepEqual(await health.json(), { ok: true });
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /SIGTERM received/);
});
