// HTTP edges through real sockets: slow clients timed out, event streams kept, connections capped per address, 413 readable.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import { connectClient } from '../support/mcpClient.js';
import { headlessDrivers, tempDataDir } from './support/harness.js';

const TIMEOUT_MS = 1000;

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the socket, and how long that took (rejects after limitMs). */
function readUntilClosed(socket: Socket, limitMs: number): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`The server kept the connection open for ${limitMs} ms.`));
    }, limitMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ text, ms: Date.now() - started });
    });
  });
}

describe('HTTP edges', () => {
  const data = tempDataDir();
  let server: RunningChaperone;
  let base: string;

  before(async () => {
    server = await startChaperone({ port: 0, dataDir: data.dir, policy: 'autonomous', drivers: headlessDrivers(), panelDir: data.dir, requestTimeoutMs: TIMEOUT_MS });
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  it('cuts off a client that trickles its body one byte at a time', async () => {
    const socket = await openSocket(server.port);
    const closed = readUntilClosed(socket, 6 * TIMEOUT_MS);
    socket.write(`POST /api/pause HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`);
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
    const { text, ms } = await closed.finally(() => clearInterval(trickle));
    assert.match(text, /^HTTP\/1\.1 408/);
    assert.ok(ms < 4 * TIMEOUT_MS, `cut after ${ms} ms`);
    assert.equal(server.supervisor.state().status, 'running');
  });

  it('cuts off a client that trickles its headers', async () => {
    const socket = await openSocket(server.port);
    const closed = readUntilClosed(socket, 6 * TIMEOUT_MS);
    socket.write('GET /healthz HTTP/1.1\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('X'), 200);
    const { ms } = await closed.finally(() => clearInterval(trickle));
    assert.ok(ms < 4 * TIMEOUT_MS, `cut after ${ms} ms`);
  });

  it('keeps the panel event stream and the MCP event stream open well past the request timeout', async () => {
    const { client } = await connectClient(server.mcpUrl, server.token, 'edges-stream');
    const events = await fetch(`${base}/api/events`, { headers: { Authorization: `Bearer ${server.token}` } });
    assert.equal(events.status, 200);
    const reader = events.body?.getReader();
    assert.ok(reader);
    await new Promise((resolve) => setTimeout(resolve, 3 * TIMEOUT_MS));
    server.supervisor.pause('edges test');
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('edges test')) {
      const chunk = await reader.read();
      assert.equal(chunk.done, false, 'the event stream ended');
      seen += decoder.decode(chunk.value);
    }
    server.supervisor.resume('edges test');
    await reader.cancel();
    const waited = await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
    assert.notEqual(waited.isError, true);
    await client.close();
  });

  it('reads a long call answered after the request timeout', async () => {
    const { client } = await connectClient(server.mcpUrl, server.token, 'edges-long');
    const waited = await client.callTool({ name: 'wait', arguments: { seconds: 2 } });
    assert.notEqual(waited.isError, true);
    await client.close();
  });

  it('lets fetch read the 413 of an oversized body instead of a reset', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 0x20);
    for (const path of ['/mcp', '/api/pause']) {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: big });
      assert.equal(res.status, 413, path);
      assert.match(await res.text(), /larger than 4 MiB/);
    }
  });

  it('lets node:http read the 413 of a declared-oversized body it keeps writing', async () => {
    const post = (path: string, declared: boolean): Promise<string> =>
      new Promise((resolve) => {
        const headers: Record<string, string> = { Authorization: `Bearer ${server.token}` };
        if (declared) headers['Content-Length'] = String(8 * 1024 * 1024);
        const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
        });
        req.on('error', (error: NodeJS.ErrnoException) => resolve(`${error.code ?? error.message}`));
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const write = (): void => {
          if (sent++ >= 8) req.end();
          else req.write(chunk, write);
        };
        write();
      });
    for (const path of ['/mcp', '/api/pause']) {
      for (const declared of [true, false]) assert.equal(await post(path, declared), '413', `${path}, length ${declared ? 'declared' : 'streamed'}`);
    }
  });

  it('says "wrong token" to a bearer that was sent and is wrong, and only that', async () => {
    for (const path of ['/mcp', '/api/state']) {
      const wrong = await fetch(`${base}${path}`, { method: 'POST', headers: { Authorization: 'Bearer not-the-token' }, body: '{}' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
      const missing = await fetch(`${base}${path}`, { method: 'POST', body: '{}' });
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    }
  });
});

describe('connections per address', () => {
  const data = tempDataDir();
  let server: RunningChaperone;
  const CAP = 6;

  before(async () => {
    server = await startChaperone({ port: 0, dataDir: data.dir, drivers: headlessDrivers(), panelDir: data.dir, maxConnectionsPerAddress: CAP });
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  it('answers 503 past the cap with a plain sentence, and serves again once connections close', async () => {
    const held = await Promise.all(Array.from({ length: CAP }, () => openSocket(server.port)));
    const extra = await openSocket(server.port);
    const answer = readUntilClosed(extra, 5000);
    extra.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    const { text } = await answer;
    assert.match(text, /^HTTP\/1\.1 503/);
    assert.match(text, /Too many connections from 127\.0\.0\.1 \(at most 6 at once\)/);
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(res.status, 200);
  });
});
