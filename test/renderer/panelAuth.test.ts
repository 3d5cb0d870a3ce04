// Getting into the panel: the token link, the token form, and requests from other origins refused.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { RunningChaperone } from '../../src/main/http/server.js';
import { eventually, launchBrowser, newContext, openPanel, startServer, tempDataDir } from './panelHarness.js';

describe('panel sign-in and origin checks', () => {
  const dataDir = tempDataDir();
  let app: RunningChaperone;
  let browser: Browser;
  let foreign: Server;
  let foreignUrl: string;

  before(async () => {
    app = await startServer(dataDir.path);
    browser = await launchBrowser();
    // Another origin on the same machine: a page there tries to drive Chaperone with the person's cookie.
    foreign = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`;
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => foreign?.close(resolve));
    dataDir.remove();
  });

  it('the token link sets a cookie and leaves no token in the address', async () => {
    const page = await openPanel(browser, app);
    assert.equal(page.url(), app.panelUrl);
    const cookies = await page.context().cookies();
    assert.equal(cookies.length, 1);
    assert.equal(cookies[0]?.httpOnly, true);
    assert.ok(!cookies.some((cookie) => cookie.value.includes(app.token)), 'the cookie is not the token itself');
    await page.getByRole('button', { name: 'Stop all' }).waitFor();
    await page.context().close();
  });

  it('without a cookie the panel asks for the token and signs in with it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(app.panelUrl);
    await page.getByLabel('Access token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That token is not right' }).waitFor();
    assert.equal(await page.getByRole('list', { name: 'Action feed' }).count(), 0);
    await page.getByLabel('Access token').fill(app.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: /^Running$/ }).waitFor();
    await page.getByRole('list', { name: 'Action feed' }).waitFor();
    await context.close();
  });

  it('refuses /api without a session and from another origin', async () => {
    const anonymous = await fetch(`${app.panelUrl}api/state`);
    assert.equal(anonymous.status, 401);

    const page = await openPanel(browser, app);
    const own = await page.request.get(`${app.panelUrl}api/state`);
    assert.equal(own.status(), 200);
    const spoofed = await page.request.post(`${app.panelUrl}api/stop`, { headers: { Origin: 'http://evil.example' } });
    assert.equal(spoofed.status(), 403);
    assert.equal(app.supervisor.state().status, 'running');

    // A real page on another origin sends the cookie (same site) and its own Origin: both tries must fail.
    const other = await page.context().newPage();
    await other.goto(foreignUrl);
    const outcome = await other.evaluate(async (api) => {
      const blind = await fetch(`${api}api/stop`, { method: 'POST', mode: 'no-cors', credentials: 'include' }).then(
        () => 'sent',
        () => 'blocked',
      );
      const read = await fetch(`${api}api/state`, { credentials: 'include' }).then(
        (response) => `read ${response.status}`,
        () => 'blocked',
      );
      return { blind, read };
    }, app.panelUrl);
    assert.equal(outcome.read, 'blocked');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(app.supervisor.state().status, 'running', `a cross-origin POST must not stop Chaperone (${outcome.blind})`);
    await eventually(() => page.getByRole('status').filter({ hasText: /^Running$/ }).count(), 'the panel still running');
    await page.context().close();
  });
});
