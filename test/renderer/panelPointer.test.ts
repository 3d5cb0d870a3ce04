// Pointer actions on a real X display: the approval shows a fresh screenshot with the target, and the feed a thumbnail afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import { startXServer, type XServer } from '../support/xserver.js';
import { callTool, connectAgent, feedRows, launchBrowser, openPanel, startServerProcess, tempDataDir, type ServerProcess } from './panelHarness.js';

describe('pointer approvals', () => {
  const dataDir = tempDataDir();
  let x: XServer;
  let app: ServerProcess;
  let browser: Browser;
  let page: Page;
  let client: Client;

  before(async () => {
    x = await startXServer({ width: 1280, height: 800 });
    // The drivers hold their X connection for the life of their process, so the server gets its own process to end before X does.
    app = await startServerProcess(dataDir.path, x.env, 'cautious');
    browser = await launchBrowser();
    page = await openPanel(browser, app);
    client = await connectAgent(app, 'pointer-agent');
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await x?.stop();
    dataDir.remove();
  });

  it('shows the marked screenshot before a click and a thumbnail after it', async () => {
    const call = callTool(client, 'click', { x: 200, y: 150 });
    const dialog = page.getByRole('dialog', { name: 'Approve action?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /\(200, 150\)/);
    const preview = dialog.getByRole('img', { name: 'The screen now, with the target of this action marked' });
    await preview.waitFor();
    const size = await preview.evaluate((img) => (img instanceof HTMLImageElement ? { width: img.naturalWidth, height: img.naturalHeight } : null));
    assert.ok(size && size.width > 100 && size.height > 50, `the preview is a real image (${JSON.stringify(size)})`);
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    const result = await call;
    assert.equal(result.isError, false, result.text);

    const row = feedRows(page, 'click').first();
    await row.filter({ hasText: 'done' }).waitFor();
    await row.getByRole('button', { name: 'Details of this click call' }).click();
    const thumbnail = row.getByRole('img', { name: 'The screen after click' });
    await thumbnail.waitFor();
    assert.match((await thumbnail.getAttribute('src')) ?? '', /^data:image\/(jpeg|png);base64,/);
  });
});
