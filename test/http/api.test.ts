// /api through real HTTP: bearer or panel cookie, the X-Chaperone rule, control calls, approvals, settings, audit, SSE.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import type { StateSnapshot, SupervisorEvent } from '../../src/shared/types.js';
import { connectClient } from '../support/mcpClient.js';
import { headlessDrivers, tempDataDir } from './support/harness.js';

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('/api', () => {
  const data = tempDataDir();
  let server: RunningChaperone;
  let base: string;
  let bearer: Record<string, string>;
  let cookie: Record<string, string>;

  const api = (path: string, init: RequestInit = {}): Promise<Response> => fetch(`${base}${path}`, init);
  const state = async (): Promise<StateSnapshot> => (await (await api('/api/state', { headers: bearer })).json()) as StateSnapshot;

  before(async () => {
    server = await startChaperone({ port: 0, dataDir: data.dir, policy: 'supervised', drivers: headlessDrivers(), panelDir: data.dir });
    base = `http://127.0.0.1:${server.port}`;
    bearer = { Authorization: `Bearer ${server.token}` };
    const login = await fetch(`${base}/?token=${encodeURIComponent(server.token)}`, { redirect: 'manual' });
    cookie = { Cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  it('needs the bearer token or the panel cookie', async () => {
    assert.equal((await api('/api/state')).status, 401);
    assert.equal((await api('/api/state', { headers: { Authorization: 'Bearer nope' } })).status, 401);
    assert.equal((await api('/api/state', { headers: { Cookie: 'chaperone_session=made-up' } })).status, 401);
    const body = await (await api('/api/state')).text();
    assert.equal(body, '{"error":"unauthorized"}');
    const viaCookie = await api('/api/state', { headers: cookie });
    assert.equal(viaCookie.status, 200);
    const snapshot = (await viaCookie.json()) as StateSnapshot;
    assert.equal(snapshot.status, 'running');
    assert.deepEqual(snapshot.pending, []);
    assert.equal(snapshot.policy.preset, 'supervised');
  });

  it('refuses cross-origin requests even with a valid cookie', async () => {
    const res = await api('/api/pause', { method: 'POST', headers: { ...cookie, Origin: 'http://evil.example', 'X-Chaperone': '1' } });
    assert.equal(res.status, 403);
    assert.equal(server.supervisor.state().status, 'running');
  });

  it('needs X-Chaperone: 1 (or an Origin) on cookie requests that change state', async () => {
    const bare = await api('/api/pause', { method: 'POST', headers: cookie });
    assert.equal(bare.status, 403);
    assert.equal(server.supervisor.state().status, 'running');
    const withOrigin = await api('/api/pause', { method: 'POST', headers: { ...cookie, Origin: base } });
    assert.equal(withOrigin.status, 200);
    const resumed = await api('/api/resume', { method: 'POST', headers: { ...cookie, 'X-Chaperone': '1' } });
    assert.deepEqual(await resumed.json(), { status: 'running' });
  });

  it('pauses, resumes, stops and re-arms, naming who did it', async () => {
    const paused = await api('/api/pause', { method: 'POST', headers: { ...cookie, 'X-Chaperone': '1' } });
    assert.deepEqual(await paused.json(), { status: 'paused' });
    assert.equal((await state()).reason, 'Paused by panel.');
    await api('/api/resume', { method: 'POST', headers: bearer });
    const stopped = await api('/api/stop', { method: 'POST', headers: bearer });
    assert.deepEqual(await stopped.json(), { status: 'stopped' });
    assert.equal((await state()).reason, 'Stopped by api.');
    const rearmed = await api('/api/rearm', { method: 'POST', headers: bearer });
    assert.deepEqual(await rearmed.json(), { status: 'running' });
    assert.equal((await api('/api/pause', { headers: bearer })).status, 405);
  });

  it('answers an approval once: approve runs the call, a second answer gets 404 or 409', async () => {
    const { client, transport } = await connectClient(server.mcpUrl, server.token, 'api-test');
    const call = client.callTool({ name: 'shell', arguments: { command: 'echo hi' } });
    const pending = await waitFor(async () => (await state()).pending.find((p) => p.kind === 'approval'), 'a pending approval');
    assert.equal(pending.tool, 'shell');
    const bad = await api(`/api/approvals/${pending.id}`, { method: 'POST', headers: bearer, body: JSON.stringify({ decision: 'maybe' }) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /"approve", "always" or "deny"/);
    const ok = await api(`/api/approvals/${pending.id}`, { method: 'POST', headers: { ...cookie, 'X-Chaperone': '1' }, body: JSON.stringify({ decision: 'deny', reason: 'not now' }) });
    assert.deepEqual(await ok.json(), { ok: true });
    const result = await call;
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /not now/);
    const again = await api(`/api/approvals/${pending.id}`, { method: 'POST', headers: bearer, body: JSON.stringify({ decision: 'approve' }) });
    assert.ok(again.status === 404 || again.status === 409, `got ${again.status}`);
    await transport.terminateSession();
    await client.close();
  });

  it('a client that disconnects while its call waits for approval cancels that approval', async () => {
    const headers = { ...bearer, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const init = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'vanishing', version: '1' } } }),
    });
    const session = init.headers.get('mcp-session-id') ?? '';
    await init.text();
    const sessionHeaders = { ...headers, 'Mcp-Session-Id': session, 'Mcp-Protocol-Version': '2025-06-18' };
    await (await fetch(`${base}/mcp`, { method: 'POST', headers: sessionHeaders, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })).text();
    const connection = new AbortController();
    const call = fetch(`${base}/mcp`, {
      method: 'POST',
      headers: sessionHeaders,
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'shell', arguments: { command: 'echo never' } } }),
      signal: connection.signal,
    }).then((res) => res.text());
    await waitFor(async () => ((await state()).pending.some((p) => p.client === 'vanishing 1') ? true : undefined), 'the approval to wait');
    connection.abort();
    await call.catch(() => undefined);
    await waitFor(async () => ((await state()).pending.some((p) => p.client === 'vanishing 1') ? undefined : true), 'the approval to be cancelled');
  });

  it('answers unknown approvals and questions with 404 and bad bodies with 400', async () => {
    assert.equal((await api('/api/approvals/nope', { method: 'POST', headers: bearer, body: '{"decision":"approve"}' })).status, 404);
    assert.equal((await api('/api/questions/nope', { method: 'POST', headers: bearer, body: '{"answer":"yes"}' })).status, 404);
    assert.equal((await api('/api/questions/nope', { method: 'POST', headers: bearer, body: '{"answer":5}' })).status, 400);
    const notJson = await api('/api/questions/nope', { method: 'POST', headers: bearer, body: '{answer' });
    assert.equal(notJson.status, 400);
    assert.deepEqual(await notJson.json(), { error: 'The request body is not valid JSON.' });
    assert.equal((await api('/api/feed?limit=-3', { headers: bearer })).status, 400);
  });

  it('reads and saves settings, with 400 and a reason for bad ones', async () => {
    const settings = (await (await api('/api/settings', { headers: bearer })).json()) as Record<string, unknown>;
    assert.equal(settings.preset, 'supervised');
    const bad = await api('/api/settings', { method: 'PUT', headers: bearer, body: JSON.stringify({ ...settings, approvalTimeoutS: 'soon' }) });
    assert.equal(bad.status, 400);
    assert.equal(typeof ((await bad.json()) as { error: unknown }).error, 'string');
    const good = await api('/api/settings', { method: 'PUT', headers: bearer, body: JSON.stringify({ ...settings, approvalTimeoutS: 45 }) });
    assert.deepEqual(await good.json(), { ok: true });
    assert.equal(server.supervisor.settings().approvalTimeoutS, 45);
  });

  it('returns the feed, the audit log with its verification, and the client config', async () => {
    const feed = (await (await api('/api/feed?limit=5', { headers: bearer })).json()) as unknown[];
    assert.ok(Array.isArray(feed) && feed.length >= 1);
    const audit = (await (await api('/api/audit?limit=3', { headers: bearer })).json()) as { records: unknown[]; verification: { ok: boolean } };
    assert.equal(audit.records.length, 3);
    assert.equal(audit.verification.ok, true);
    const config = (await (await api('/api/client-config', { headers: cookie })).json()) as { text: string };
    assert.ok(config.text.includes(server.token));
    assert.ok(config.text.includes(server.mcpUrl));
  });

  it('streams supervisor events over SSE and ends the stream on shutdown', async () => {
    const data2 = tempDataDir();
    const own = await startChaperone({ port: 0, dataDir: data2.dir, drivers: headlessDrivers(), panelDir: data2.dir });
    const login = await fetch(`http://127.0.0.1:${own.port}/?token=${encodeURIComponent(own.token)}`, { redirect: 'manual' });
    const ownCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const stream = await fetch(`http://127.0.0.1:${own.port}/api/events`, { headers: { Cookie: ownCookie } });
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = stream.body?.getReader();
    assert.ok(reader);
    const decoder = new TextDecoder();
    let text = '';
    let frames = 0;
    const events: SupervisorEvent[] = [];
    const readUntil = async (done: () => boolean): Promise<boolean> => {
      while (!done()) {
        const chunk = await reader.read();
        if (chunk.done) return false;
        text += decoder.decode(chunk.value, { stream: true });
        for (const frame of text.split('\n\n').slice(0, -1)) {
          frames += 1;
          if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)) as SupervisorEvent);
        }
        text = text.slice(text.lastIndexOf('\n\n') + 2);
      }
      return true;
    };
    await readUntil(() => frames > 0);
    await fetch(`http://127.0.0.1:${own.port}/api/pause`, { method: 'POST', headers: { Authorization: `Bearer ${own.token}` } });
    await readUntil(() => events.some((e) => e.type === 'status' && e.status === 'paused'));
    const closing = own.close();
    assert.equal(await readUntil(() => false), false, 'the stream ends when the server closes');
    await closing;
    data2.remove();
  });
});
