// The one HTTP server through real HTTP: auth, Host/Origin checks, body limit, parse errors, MCP sessions.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import { connectClient } from '../support/mcpClient.js';
import { headlessDrivers, NO_DISPLAY, tempDataDir } from './support/harness.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the Host header and chunked bodies are exactly what the test says. */
function rawRequest(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; chunks?: Buffer[] }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe('HTTP server', () => {
  const data = tempDataDir();
  let server: RunningChaperone;
  let auth: Record<string, string>;

  before(async () => {
    server = await startChaperone({ port: 0, dataDir: data.dir, policy: 'autonomous', drivers: headlessDrivers(), panelDir: data.dir });
    auth = { Authorization: `Bearer ${server.token}` };
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  it('reports its URLs on loopback with the chosen port', () => {
    assert.equal(server.mcpUrl, `http://127.0.0.1:${server.port}/mcp`);
    assert.equal(server.panelUrl, `http://127.0.0.1:${server.port}/`);
    assert.ok(server.port > 0);
  });

  it('answers /healthz with exactly {"ok":true} and no auth', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"ok":true}');
  });

  it('refuses /mcp without a token or with a wrong one, leaking nothing', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong-token' }, { Authorization: `Basic ${server.token}` }, { Authorization: `Bearer ${server.token}x` }];
    for (const headers of attempts) {
      const res = await fetch(server.mcpUrl, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 401);
      // A bearer token that was sent and is wrong says so, so clients report it instead of trying OAuth.
      const sentBearer = headers.Authorization?.startsWith('Bearer ') === true;
      assert.equal(res.headers.get('www-authenticate'), sentBearer ? 'Bearer error="invalid_token"' : 'Bearer');
      assert.equal(res.headers.get('x-powered-by'), null);
      assert.equal(await res.text(), '{"error":"unauthorized"}');
    }
  });

  it('refuses a foreign Host header with 403 and accepts the loopback names with the port', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'ping' };
    for (const host of [`evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, 'localhost', `127.0.0.2:${server.port}`]) {
      const res = await rawRequest(server.port, { path: '/healthz', headers: { Host: host } });
      assert.equal(res.status, 403, host);
      const mcp = await rawRequest(server.port, { method: 'POST', path: '/mcp', headers: { Host: host, ...auth }, chunks: [Buffer.from(JSON.stringify(init))] });
      assert.equal(mcp.status, 403, host);
    }
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      const res = await rawRequest(server.port, { path: '/healthz', headers: { Host: host } });
      assert.equal(res.status, 200, host);
    }
  });

  it('refuses a foreign Origin with 403 and accepts the panel origin', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${server.port}`, 'null', `https://127.0.0.1:${server.port}`]) {
      const res = await fetch(server.mcpUrl, { method: 'POST', headers: { ...auth, Origin: origin, 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 403, origin);
      const api = await fetch(`http://127.0.0.1:${server.port}/api/state`, { headers: { ...auth, Origin: origin } });
      assert.equal(api.status, 403, origin);
    }
    const own = await fetch(`http://127.0.0.1:${server.port}/api/state`, { headers: { ...auth, Origin: `http://localhost:${server.port}` } });
    assert.equal(own.status, 200);
  });

  it('answers 413 for bodies over 4 MiB, declared or streamed', async () => {
    const declared = await fetch(server.mcpUrl, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: 'x'.repeat(4 * 1024 * 1024 + 1) });
    assert.equal(declared.status, 413);
    assert.match(await declared.text(), /larger than 4 MiB/);
    const chunk = Buffer.alloc(512 * 1024, 0x20);
    const streamed = await rawRequest(server.port, {
      method: 'POST',
      path: '/mcp',
      headers: { ...auth, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      chunks: Array.from({ length: 9 }, () => chunk),
    });
    assert.equal(streamed.status, 413);
    const api = await fetch(`http://127.0.0.1:${server.port}/api/settings`, { method: 'PUT', headers: auth, body: 'x'.repeat(5 * 1024 * 1024) });
    assert.equal(api.status, 413);
  });

  it('takes a body of just under 4 MiB as far as parsing', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(4 * 1024 * 1024 - 100) } });
    const res = await fetch(server.mcpUrl, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }, body });
    assert.notEqual(res.status, 413);
    assert.equal(res.status, 400);
  });

  it('answers malformed JSON on /mcp with a JSON-RPC parse error', async () => {
    const res = await fetch(server.mcpUrl, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"jsonrpc": "2.0", ' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { jsonrpc: string; error: { code: number }; id: null };
    assert.equal(body.jsonrpc, '2.0');
    assert.equal(body.error.code, -32700);
    assert.equal(body.id, null);
  });

  it('answers an unknown session id with 404 and a request without session with 400', async () => {
    const headers = { ...auth, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const unknown = await fetch(server.mcpUrl, { method: 'POST', headers: { ...headers, 'Mcp-Session-Id': 'no-such-session' }, body: ping });
    assert.equal(unknown.status, 404);
    const none = await fetch(server.mcpUrl, { method: 'POST', headers, body: ping });
    assert.equal(none.status, 400);
  });

  it('answers unknown paths with 404 on every method, with or without a token', async () => {
    // mcp-remote reads a 405 on POST /register as "OAuth available" and starts registering.
    const paths = ['/nope', '/mcp/extra', '/api/nope', '/api', '/api/approvals', '/register', '/authorize', '/.well-known/oauth-authorization-server'];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
        for (const headers of [auth, {}]) {
          const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method, headers, body: method === 'GET' ? undefined : '{}' });
          assert.equal(res.status, 404, `${method} ${path}`);
        }
      }
    }
  });

  it('runs an MCP session: tools listed, calls supervised, client named, DELETE closes it', async () => {
    const { client, transport } = await connectClient(server.mcpUrl, server.token, 'server-test');
    const tools = await client.listTools();
    assert.ok(tools.tools.some((tool) => tool.name === 'screenshot'));
    const waited = await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
    assert.notEqual(waited.isError, true);
    const shot = await client.callTool({ name: 'screenshot', arguments: {} });
    assert.equal(shot.isError, true);
    assert.deepEqual(shot.content, [{ type: 'text', text: NO_DISPLAY }]);
    const id = transport.sessionId;
    assert.ok(id);
    const session = server.supervisor.state().sessions.find((s) => s.id === id);
    assert.equal(session?.client, 'server-test 1.0');
    assert.equal(session?.calls, 2);
    await transport.terminateSession();
    await client.close();
    const closed = server.supervisor.state().sessions.find((s) => s.id === id);
    assert.notEqual(closed?.connected, true);
    const after = await fetch(server.mcpUrl, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': id }, body: '{"jsonrpc":"2.0","id":2,"method":"ping"}' });
    assert.equal(after.status, 404);
  });

  it('a client that goes away without DELETE is shown disconnected once its event stream ends, and connected when it is back', async () => {
    const connected = (id: string) => server.supervisor.state().sessions.find((s) => s.id === id)?.connected;
    const until = async (what: () => boolean, label: string) => {
      for (let waited = 0; !what(); waited += 20) {
        if (waited > 5000) assert.fail(`timed out waiting for ${label}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // An SDK client that simply stops: it opened its event stream after initializing, and close() ends it.
    const { client, transport } = await connectClient(server.mcpUrl, server.token, 'vanishing');
    const sdkId = transport.sessionId ?? '';
    assert.equal(connected(sdkId), true);
    await client.close();
    await until(() => connected(sdkId) === false, 'the SDK client to show as disconnected');

    // The same by hand, then the client comes back on the same session.
    const headers = { ...auth, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const init = await fetch(server.mcpUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
    });
    await init.text();
    const id = init.headers.get('mcp-session-id') ?? '';
    const session = { ...headers, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' };
    await (await fetch(server.mcpUrl, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
    const stream = new AbortController();
    const opened = await fetch(server.mcpUrl, { headers: { ...session, Accept: 'text/event-stream' }, signal: stream.signal });
    assert.equal(opened.status, 200);
    const second = await fetch(server.mcpUrl, { headers: { ...session, Accept: 'text/event-stream' } });
    assert.equal(second.status, 409, 'one stream per session');
    await second.text();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(connected(id), true, 'a refused second stream does not count as leaving');
    stream.abort();
    await until(() => connected(id) === false, 'the raw client to show as disconnected');
    const ping = await fetch(server.mcpUrl, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }) });
    assert.equal(ping.status, 200);
    await ping.text();
    assert.equal(connected(id), true);
  });

  it('keeps serving after bad input of every kind', async () => {
    const { client, transport } = await connectClient(server.mcpUrl, server.token);
    const bad = await client.callTool({ name: 'wait', arguments: { seconds: 'soon' } });
    assert.equal(bad.isError, true);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200);
    await transport.terminateSession();
    await client.close();
  });
});

describe('startChaperone options', () => {
  it('refuses a non-loopback host unless allowRemote is given', async () => {
    const data = tempDataDir();
    await assert.rejects(startChaperone({ host: '0.0.0.0', port: 0, dataDir: data.dir, drivers: headlessDrivers() }), /not a loopback address.*allowRemote/);
    data.remove();
  });

  it('says plainly when the port is taken', async () => {
    const data = tempDataDir();
    const first = await startChaperone({ port: 0, dataDir: data.dir, drivers: headlessDrivers() });
    const other = tempDataDir();
    await assert.rejects(startChaperone({ port: first.port, dataDir: other.dir, drivers: headlessDrivers() }), new RegExp(`Port ${first.port} on 127.0.0.1 is already in use`));
    await first.close();
    data.remove();
    other.remove();
  });
});
