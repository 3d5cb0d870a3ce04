// The panel at `/`: token form, cookie login by link and by form, the built files with CSP, no traversal.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import { headlessDrivers, tempDataDir } from './support/harness.js';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';

function sessionCookie(res: Response): string {
  const setCookie = res.headers.get('set-cookie');
  assert.ok(setCookie, 'a cookie is set');
  return setCookie.split(';')[0] ?? '';
}

describe('panel files and login', () => {
  const data = tempDataDir();
  const panelDir = join(data.dir, 'renderer');
  let server: RunningChaperone;
  let base: string;

  before(async () => {
    mkdirSync(join(panelDir, 'assets'), { recursive: true });
    writeFileSync(join(panelDir, 'index.html'), INDEX);
    writeFileSync(join(panelDir, 'assets', 'index-abc123.js'), 'console.log("panel");');
    writeFileSync(join(panelDir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(data.dir, 'secret.txt'), 'outside the panel');
    server = await startChaperone({ port: 0, dataDir: join(data.dir, 'data'), drivers: headlessDrivers(), panelDir, token: 'panel-test-token' });
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  it('shows a self-contained token form without a cookie', async () => {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const html = await res.text();
    assert.match(html, /<form method="post" action="\/login">/);
    assert.match(html, /name="token"/);
    assert.doesNotMatch(html, /<script|panel-test-token/);
  });

  it('signs in from /?token= with an HttpOnly SameSite=Strict cookie and a redirect that drops the token', async () => {
    const res = await fetch(`${base}/?token=panel-test-token`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/');
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^chaperone_session=[\w-]{20,};/);
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Strict/);
    assert.match(setCookie, /; Path=\//);
    assert.doesNotMatch(setCookie, /panel-test-token/);
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');

    const page = await fetch(`${base}/`, { headers: { Cookie: sessionCookie(res) } });
    assert.equal(page.status, 200);
    assert.equal(await page.text(), INDEX);
    assert.equal(page.headers.get('content-security-policy')?.startsWith("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'"), true);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
  });

  it('answers a wrong token with the form and a plain error, and no cookie', async () => {
    const res = await fetch(`${base}/?token=wrong`, { redirect: 'manual' });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.match(await res.text(), /role="alert">That token is not right/);
  });

  it('signs in through the form post, and refuses a wrong token there', async () => {
    const wrong = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    const res = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base }, body: 'token=panel-test-token' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/');
    const state = await fetch(`${base}/api/state`, { headers: { Cookie: sessionCookie(res) } });
    assert.equal(state.status, 200);
  });

  it('serves hashed assets with their content type and long caching, only with the cookie', async () => {
    const login = await fetch(`${base}/?token=panel-test-token`, { redirect: 'manual' });
    const cookie = sessionCookie(login);
    const js = await fetch(`${base}/assets/index-abc123.js`, { headers: { Cookie: cookie } });
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(js.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
    assert.equal(await js.text(), 'console.log("panel");');
    const css = await fetch(`${base}/assets/index-abc123.css`, { headers: { Cookie: cookie } });
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    const anonymous = await fetch(`${base}/assets/index-abc123.js`);
    assert.equal(anonymous.status, 401);
    const forged = await fetch(`${base}/`, { headers: { Cookie: 'chaperone_session=panel-test-token' } });
    assert.doesNotMatch(await forged.text(), /id="root"/);
  });

  it('does not serve files outside the panel folder', async () => {
    const login = await fetch(`${base}/?token=panel-test-token`, { redirect: 'manual' });
    const cookie = sessionCookie(login);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/assets/%00', '/assets']) {
      const res = await fetch(`${base}${path}`, { headers: { Cookie: cookie } });
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(await res.text(), /outside the panel/);
    }
  });
});

describe('panel without a build', () => {
  it('says to run npm run build', async () => {
    const data = tempDataDir();
    const server = await startChaperone({ port: 0, dataDir: data.dir, drivers: headlessDrivers(), panelDir: join(data.dir, 'missing'), token: 'tok-missing-build' });
    const login = await fetch(`http://127.0.0.1:${server.port}/?token=tok-missing-build`, { redirect: 'manual' });
    const res = await fetch(`http://127.0.0.1:${server.port}/`, { headers: { Cookie: sessionCookie(login) } });
    assert.equal(res.status, 503);
    assert.match(await res.text(), /Run <code>npm run build<\/code>/);
    await server.close();
    data.remove();
  });
});
