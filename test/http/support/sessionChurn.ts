// Run with --expose-gc: opens and closes MCP sessions over raw HTTP (half DELETEd, half abandoned) and prints heap figures as JSON.
import { startChaperone } from '../../../src/main/http/server.js';
import { headlessDrivers, tempDataDir } from './harness.js';

const IDLE_MS = 300;
const CONCURRENCY = 10;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('Run with node --expose-gc.');

const data = tempDataDir();
const server = await startChaperone({ port: 0, dataDir: data.dir, drivers: headlessDrivers(), panelDir: data.dir, sessionIdleMs: IDLE_MS, sessionRetentionMs: 0 });
const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

async function oneSession(n: number): Promise<void> {
  const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: `churn-${n}`, version: '1' } } };
  const opened = await fetch(server.mcpUrl, { method: 'POST', headers, body: JSON.stringify(init) });
  const id = opened.headers.get('mcp-session-id');
  await opened.text();
  if (id === null) throw new Error(`initialize answered ${opened.status} without a session id`);
  const sessionHeaders = { ...headers, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' };
  await (await fetch(server.mcpUrl, { method: 'POST', headers: sessionHeaders, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
  // Odd sessions are abandoned, as by a client that exits without DELETE: only the idle timeout ends them.
  if (n % 2 === 0) await (await fetch(server.mcpUrl, { method: 'DELETE', headers: sessionHeaders })).text();
}

async function churn(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await oneSession(next++);
    }),
  );
}

async function settledHeap(): Promise<number> {
  // Long enough for abandoned sessions to expire, then the registry is read (which forgets closed ones) and memory collected.
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 3));
  server.supervisor.state();
  for (let i = 0; i < 4; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const started = Date.now();
await churn(100);
const before = await settledHeap();
await churn(2000);
const afterHeap = await settledHeap();
const sessionsLeft = server.supervisor.state().sessions.length;
await server.close();
data.remove();
process.stdout.write(`${JSON.stringify({ before, after: afterHeap, sessionsLeft, ms: Date.now() - started })}\n`);
