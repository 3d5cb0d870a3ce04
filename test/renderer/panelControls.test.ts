// Pause, resume, Stop all, Re-arm and ask_human, driven from the panel while a real MCP client makes calls.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import type { RunningChaperone } from '../../src/main/http/server.js';
import { callTool, connectAgent, eventually, feedRows, launchBrowser, newContext, openPanel, startServer, tempDataDir } from './panelHarness.js';

describe('panel controls', () => {
  const dataDir = tempDataDir();
  let app: RunningChaperone;
  let browser: Browser;
  let page: Page;
  let client: Client;

  const status = () => page.getByRole('status').filter({ hasText: /^(Running|Paused|Stopped)$/ });
  const statusIs = (word: string) => page.getByRole('status').filter({ hasText: new RegExp(`^${word}$`) }).waitFor();

  before(async () => {
    app = await startServer(dataDir.path);
    browser = await launchBrowser();
    page = await openPanel(browser, app);
    client = await connectAgent(app, 'control-agent');
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    dataDir.remove();
  });

  it('Pause holds new calls in "paused" and Resume runs them', async () => {
    assert.equal(await status().innerText(), 'Running');
    await page.getByRole('button', { name: 'Pause' }).click();
    await statusIs('Paused');
    assert.equal(app.supervisor.state().status, 'paused');
    let finished = false;
    const call = callTool(client, 'wait', { seconds: 0.01 }).then((result) => {
      finished = true;
      return result;
    });
    await feedRows(page, 'wait').first().filter({ hasText: 'paused' }).waitFor();
    await page.waitForTimeout(300);
    assert.equal(finished, false, 'a paused call must not finish');
    await page.getByRole('button', { name: 'Resume' }).click();
    await statusIs('Running');
    const result = await call;
    assert.equal(result.isError, false);
    await feedRows(page, 'wait').first().filter({ hasText: 'done' }).waitFor();
  });

  it('Stop all stops everything until Re-arm, even with an approval open', async () => {
    const waiting = callTool(client, 'shell', { command: 'echo never' });
    const dialog = page.getByRole('dialog', { name: 'Approve action?' });
    await dialog.waitFor();
    // The kill switch stays in reach while an approval is on screen.
    await page.getByRole('button', { name: 'Stop all' }).click();
    await statusIs('Stopped');
    const cancelled = await waiting;
    assert.equal(cancelled.isError, true);
    await dialog.waitFor({ state: 'detached' });
    await feedRows(page, 'shell').first().filter({ hasText: 'cancelled' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Stop all' }).count(), 0);

    const refused = await callTool(client, 'wait', { seconds: 0 });
    assert.equal(refused.isError, true);
    assert.match(refused.text, /stop/i);

    await page.getByRole('button', { name: 'Re-arm' }).click();
    await statusIs('Running');
    const works = await callTool(client, 'wait', { seconds: 0 });
    assert.equal(works.isError, false);
    assert.equal(await page.getByRole('button', { name: 'Re-arm' }).count(), 0);
  });

  it('shows the reason next to the status', async () => {
    app.supervisor.pause('test', 'You moved the mouse while an action ran.');
    await statusIs('Paused');
    await page.getByText('You moved the mouse while an action ran.').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await statusIs('Running');
  });

  it('ask_human shows the question and sends the typed answer back to the agent', async () => {
    const call = callTool(client, 'ask_human', { question: 'Which folder should I clean up?' });
    const dialog = page.getByRole('dialog').filter({ hasText: 'Which folder should I clean up?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText('Type an answer first').waitFor();
    await dialog.getByRole('textbox', { name: 'Answer' }).fill('Only ~/Downloads/tmp');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const result = await call;
    assert.equal(result.isError, false);
    assert.match(result.text, /Only ~\/Downloads\/tmp/);
    await dialog.waitFor({ state: 'detached' });
  });

  it('catches up on what it missed once the event stream is back', async () => {
    const context = await newContext(browser);
    let refused = 0;
    // The stream is refused at first, as when the server restarts or a proxy drops it.
    await context.route('**/api/events', (route) => {
      refused++;
      return route.fulfill({ status: 503, body: 'unavailable' });
    });
    const second = await context.newPage();
    await second.goto(`${app.panelUrl}?token=${encodeURIComponent(app.token)}`);
    await second.getByRole('status').filter({ hasText: /^Running$/ }).waitFor();
    await eventually(() => refused >= 2, 'the panel retrying the event stream');

    app.supervisor.pause('test', 'Paused while the panel was away.');
    const held = callTool(client, 'wait', { seconds: 0.02 });
    await eventually(() => app.supervisor.feed(1)[0]?.status === 'paused', 'the call held by the pause');
    await context.unroute('**/api/events');
    await second.getByRole('status').filter({ hasText: /^Paused$/ }).waitFor();
    await second.getByRole('banner').getByText('Paused while the panel was away.').waitFor();
    await feedRows(second, 'wait').first().filter({ hasText: 'paused' }).waitFor();
    await second.getByRole('button', { name: 'Resume' }).click();
    assert.equal((await held).isError, false);
    await feedRows(second, 'wait').first().filter({ hasText: 'done' }).waitFor();
    await context.close();
  });
});
