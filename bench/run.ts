// `npm run bench`: Chaperone against the transport's floor and against computer-use-mcp, ratios measured in one run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { htmlPage, openChromium } from '../test/support/chromium.js';
import { startXServer } from '../test/support/xserver.js';
import { alternating, fmt, timeRoundTrips, type Timing } from './stats.js';
import { benchWindowList } from './windowList.js';

const children: ChildProcess[] = [];

/** Starts a child process and resolves with the first stdout line that starts with `prefix`. */
function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, prefix: string): Promise<string> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith(prefix)) resolve(line.slice(prefix.length));
    });
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code} before it was ready`)));
  });
}

/** A data dir whose settings let the benchmark's hundreds of calls through the per-session rate limit. */
function benchDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-bench-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ preset: 'autonomous', rateLimitPerMinute: 100_000 }));
  return dir;
}

/** Calls a tool and fails the benchmark when the call did not work: a fast error is not a fast action. */
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<void> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
}

async function httpClient(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'chaperone-bench', version: '1.0.0' });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

function ratio(a: Timing, b: Timing): string {
  return `${(a.p50 / b.p50).toFixed(2)}x (p50), ${(a.p95 / b.p95).toFixed(2)}x (p95)`;
}

function line(label: string, value: string): void {
  console.log(`${label.padEnd(44)} ${value}`);
}

async function main(): Promise<void> {
  const x = await startXServer({ width: 1280, height: 800 });
  const env = { ...x.env, CHAPERONE_TOKEN: 'bench-token' };
  const tsx = ['--import', 'tsx'];
  try {
    const barePort = await startChild(process.execPath, [...tsx, 'bench/bareServer.ts'], env, 'bare ready ');
    const dataDir = benchDataDir();
    const ready = JSON.parse(
      await startChild(process.execPath, ['bin/chaperone.js', 'serve', '--port', '0', '--data-dir', dataDir, '--policy', 'autonomous'], env, 'chaperone ready '),
    ) as { mcp: string };
    const supervisedPort = await startChild(process.execPath, [...tsx, 'bench/supervisionServer.ts', 'supervised'], env, 'supervised ready ');
    const bypassedPort = await startChild(process.execPath, [...tsx, 'bench/supervisionServer.ts', 'bypassed'], env, 'bypassed ready ');

    const bare = await httpClient(`http://127.0.0.1:${barePort}/mcp`);
    const ours = await httpClient(ready.mcp, 'bench-token');
    const supervised = await httpClient(`http://127.0.0.1:${supervisedPort}/mcp`, 'bench-token');
    const bypassed = await httpClient(`http://127.0.0.1:${bypassedPort}/mcp`, 'bench-token');
    // What a client that only launches stdio servers (Claude Desktop) talks to: the bridge in front of the same server.
    const bridged = new Client({ name: 'chaperone-bench', version: '1.0.0' });
    await bridged.connect(new StdioClientTransport({ command: process.execPath, args: ['bin/chaperone.js', 'stdio', '--data-dir', dataDir], env: env as Record<string, string>, stderr: 'ignore' }));
    const peer = new Client({ name: 'chaperone-bench', version: '1.0.0' });
    await peer.connect(new StdioClientTransport({ command: process.execPath, args: ['node_modules/computer-use-mcp/dist/main.js'], env: env as Record<string, string>, stderr: 'ignore' }));

    // Real pixels to capture and a real field to type into; the same window serves every measurement below.
    const page = `<div style="font:16px sans-serif;padding:8px;background:linear-gradient(90deg,#fde,#def)">${'Chaperone benchmark text. '.repeat(200)}</div><textarea id="t" style="width:1200px;height:300px"></textarea>`;
    const chromium = await openChromium(x.env, htmlPage(page));
    // Let Chromium finish starting up, so its first paints do not land in the first measurements.
    await new Promise((r) => setTimeout(r, 3000));
    const point = (i: number) => ({ x: 100 + (i % 50) * 10, y: 100 + (i % 30) * 10 });
    const N = 600;
    const WARMUP = 300;
    console.log(`Display ${x.width}x${x.height} (Xvfb), loopback HTTP.`);
    console.log(`Pairs compared with each other run call by call in turn, ${N} round trips each after ${WARMUP} unmeasured ones, so drift weighs on both alike.\n`);

    const [noop, move] = await alternating(N, WARMUP, () => call(bare, 'noop', {}), (i) => call(ours, 'move', point(i)));
    line('bare SDK no-op (transport floor)', fmt(noop));
    line('chaperone move', fmt(move));
    line('move / no-op (target <= 2x p50)', ratio(move, noop));

    const shot = await timeRoundTrips(30, 3, () => call(ours, 'screenshot', {}));
    const peerShot = await timeRoundTrips(10, 1, () => call(peer, 'computer', { action: 'get_screenshot' }));
    line('chaperone screenshot 1280x800', fmt(shot));
    line('computer-use-mcp get_screenshot', fmt(peerShot));
    line('screenshot ours / peer (target <= 0.1x)', ratio(shot, peerShot));
    const [bridgedMove, peerMoveAgain] = await alternating(300, 30, (i) => call(bridged, 'move', point(i)), (i) =>
      call(peer, 'computer', { action: 'mouse_move', coordinate: [point(i).x, point(i).y] }),
    );
    line('computer-use-mcp mouse_move (stdio)', fmt(peerMoveAgain));
    line('chaperone move through `chaperone stdio`', fmt(bridgedMove));
    line('move, both over stdio: ours / peer', ratio(bridgedMove, peerMoveAgain));

    const [sup, byp] = await alternating(N, WARMUP, (i) => call(supervised, 'move', point(i)), (i) => call(bypassed, 'move', point(i)));
    line('move, supervisor on (audit log on)', fmt(sup));
    line('move, supervisor bypassed', fmt(byp));
    line('supervision overhead (target <= 1.20x)', `${ratio(sup, byp)}, +${((sup.p50 - byp.p50) * 1000).toFixed(0)} µs (p50)`);

    try {
      const text = Array.from({ length: 1000 }, (_, i) => String.fromCharCode(0x21 + ((i * 7) % 94))).join('');
      await chromium.page.click('#t');
      const start = performance.now();
      await call(ours, 'type', { text });
      const typeMs = performance.now() - start;
      const value = await chromium.page.$eval('#t', (el) => (el as HTMLTextAreaElement).value);
      line('type 1,000 characters (target < 5 s, exact)', `${(typeMs / 1000).toFixed(2)} s, ${value === text ? 'exact' : `NOT exact (${value.length} chars)`}`);

      // Each character's arrival is stamped in the page with the wall clock the benchmark also reads, so the
      // count does not depend on how late a read of the field comes back.
      await chromium.page.$eval('#t', (el) => {
        const field = el as HTMLTextAreaElement & { arrivals?: number[] };
        field.value = '';
        field.arrivals = [];
        field.addEventListener('input', () => field.arrivals?.push(Date.now()));
      });
      const long = 'abcdefghij'.repeat(400);
      const typing = ours.callTool({ name: 'type', arguments: { text: long } }).catch(() => undefined);
      const length = () => chromium.page.$eval('#t', (el) => (el as HTMLTextAreaElement).value.length);
      while ((await length()) < 300) await new Promise((r) => setTimeout(r, 10));
      const sentAt = Date.now();
      await fetch(ready.mcp.replace('/mcp', '/api/stop'), { method: 'POST', headers: { Authorization: 'Bearer bench-token' } });
      const answeredAt = Date.now();
      await typing;
      await new Promise((r) => setTimeout(r, 500));
      const arrivals = await chromium.page.$eval('#t', (el) => (el as HTMLTextAreaElement & { arrivals: number[] }).arrivals);
      const afterSent = arrivals.filter((at) => at > sentAt).length;
      const afterAnswer = arrivals.filter((at) => at > answeredAt).length;
      line(
        'characters typed after Stop all (target <= 5)',
        `${afterSent} after the request was sent, ${afterAnswer} after its answer (${answeredAt - sentAt} ms apart; ${arrivals.length} of 4,000 typed)`,
      );
    } finally {
      await chromium.close();
    }
    await Promise.all([bare, ours, supervised, bypassed, bridged, peer].map((c) => c.close()));
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await x.stop();
  }
  // On its own display: 30 xterms under openbox would disturb the figures above.
  await benchWindowList(line);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  },
);
