// Fuzzing through the real server: random tool arguments from a real SDK client, and raw JSON-RPC bodies over HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import { connectClient } from '../support/mcpClient.js';
import { fakeDesktop } from '../mcp/fakeDesktop.js';
import { tempDataDir } from './support/harness.js';

const STOP_LIMIT_MS = 100;

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.integer({ min: -10, max: 5000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('left', 'right', 'ctrl+c', 'enter', 'https://example.com/', '__proto__', 'constructor', 'a'.repeat(20_000)),
  fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

describe('fuzzing', () => {
  const data = tempDataDir();
  let server: RunningChaperone;
  let base: string;
  const auth = (): Record<string, string> => ({ Authorization: `Bearer ${server.token}` });

  before(async () => {
    server = await startChaperone({ port: 0, dataDir: data.dir, policy: 'autonomous', drivers: fakeDesktop().drivers, panelDir: data.dir });
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  it('accepts no tool arguments its schema refuses, and Stop all answers within 100 ms throughout', { timeout: 60_000 }, async () => {
    const { client } = await connectClient(server.mcpUrl, server.token, 'fuzzer');
    const ajv = new Ajv({ strict: false });
    const { tools } = await client.listTools();
    let calls = 0;
    let slowestStop = 0;
    for (const tool of tools) {
      if (tool.name === 'ask_human') continue; // waits for a person by design
      const validate = ajv.compile(tool.inputSchema);
      const names = Object.keys(tool.inputSchema.properties ?? {});
      const args = fc.dictionary(fc.oneof(fc.constantFrom(...(names.length > 0 ? names : ['x'])), fc.string({ maxLength: 10 })), value, { maxKeys: names.length + 1 });
      await fc.assert(
        fc.asyncProperty(args, async (input) => {
          calls += 1;
          const result = await client.callTool({ name: tool.name, arguments: input }, undefined, { timeout: 3000 }).catch((error: unknown) => ({ thrown: error }));
          const accepted = !('thrown' in result) && result.isError !== true;
          if (accepted) assert.ok(validate(input), `${tool.name} accepted ${JSON.stringify(input).slice(0, 300)}`);
        }),
        { numRuns: 40 },
      );
      const started = performance.now();
      const stop = await fetch(`${base}/api/stop`, { method: 'POST', headers: auth() });
      slowestStop = Math.max(slowestStop, performance.now() - started);
      assert.equal(stop.status, 200);
      assert.equal((await fetch(`${base}/api/rearm`, { method: 'POST', headers: auth() })).status, 200);
    }
    console.log(`${calls} fuzzed tool calls, slowest Stop all ${slowestStop.toFixed(1)} ms`);
    assert.ok(slowestStop < STOP_LIMIT_MS, `Stop all took ${slowestStop.toFixed(1)} ms`);
    await client.close();
  });

  it('never answers 500 to raw JSON-RPC bodies of any shape, with or without a session', { timeout: 60_000 }, async () => {
    const { transport } = await connectClient(server.mcpUrl, server.token, 'raw-fuzzer');
    const sessionId = transport.sessionId ?? '';
    const body = fc.oneof(
      fc.json(),
      fc.string({ maxLength: 200 }),
      fc.record({ jsonrpc: fc.constantFrom('2.0', '1.0', 2), id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double(), fc.constant('9'.repeat(5000)), fc.object()), method: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('tools/call', 'tools/list', 'initialize', 'ping', 'notifications/cancelled')), params: fc.anything() }, { requiredKeys: [] }).map((message) => JSON.stringify(message)),
      fc.integer({ min: 100, max: 20_000 }).map((depth) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`),
      fc.array(fc.record({ jsonrpc: fc.constant('2.0'), id: fc.integer(), method: fc.constant('tools/call'), params: fc.anything() }), { maxLength: 20 }).map((batch) => JSON.stringify(batch)),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (text, withSession) => {
        sent += 1;
        const headers: Record<string, string> = { ...auth(), 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
        if (withSession) headers['Mcp-Session-Id'] = sessionId;
        const res = await fetch(server.mcpUrl, { method: 'POST', headers, body: text, signal: AbortSignal.timeout(5000) });
        await res.body?.cancel();
        assert.ok(res.status < 500, `HTTP ${res.status} for ${text.slice(0, 200)}`);
      }),
      { numRuns: 300 },
    );
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    console.log(`${sent} raw bodies, no 5xx`);
  });
});
