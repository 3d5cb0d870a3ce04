// The Approve action? dialog against a real server: approve, always allow, deny with a reason, timeout, queue, keyboard.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import type { RunningChaperone } from '../../src/main/http/server.js';
import { callTool, connectAgent, eventually, feedRows, launchBrowser, openPanel, putSettings, startServer, tempDataDir } from './panelHarness.js';

describe('approval dialog', () => {
  const dataDir = tempDataDir();
  let app: RunningChaperone;
  let browser: Browser;
  let page: Page;
  const agents: Client[] = [];

  const agent = async (name = 'test-agent') => {
    const client = await connectAgent(app, name);
    agents.push(client);
    return client;
  };
  const dialog = () => page.getByRole('dialog', { name: 'Approve action?' });
  const isFocused = (name: string) => page.getByRole('textbox', { name }).or(page.getByRole('button', { name, exact: true })).evaluate((el) => el === document.activeElement);

  before(async () => {
    app = await startServer(dataDir.path);
    browser = await launchBrowser();
    page = await openPanel(browser, app);
  });

  after(async () => {
    for (const client of agents) await client.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    dataDir.remove();
  });

  it('shows exactly what a shell call will run and approving runs it', async () => {
    const client = await agent();
    const call = callTool(client, 'shell', { command: 'echo approved-output', cwd: '/tmp' });
    await dialog().waitFor();
    const text = await dialog().innerText();
    assert.match(text, /echo approved-output/);
    assert.match(text, /Working directory\s+\/tmp/i);
    assert.match(text, /test-agent/);
    assert.match(text, /Denied automatically in \d:\d\d/);
    await feedRows(page, 'shell').filter({ hasText: 'awaiting approval' }).waitFor();
    await dialog().getByRole('button', { name: 'Approve', exact: true }).click();
    const result = await call;
    assert.equal(result.isError, false);
    assert.match(result.text, /approved-output/);
    await dialog().waitFor({ state: 'detached' });
    await feedRows(page, 'shell').first().filter({ hasText: 'done' }).waitFor();
  });

  it('Always allow lets the next call of that tool in that session run without asking', async () => {
    const client = await agent();
    const first = callTool(client, 'shell', { command: 'echo first' });
    await dialog().getByRole('button', { name: 'Always allow' }).click();
    assert.match((await first).text, /first/);
    await dialog().waitFor({ state: 'detached' });
    const second = await callTool(client, 'shell', { command: 'echo second' });
    assert.equal(second.isError, false);
    assert.match(second.text, /second/);
    assert.equal(await dialog().count(), 0);
    // Another session still has to ask.
    const other = await agent('other-agent');
    const third = callTool(other, 'shell', { command: 'echo third' });
    await dialog().waitFor();
    await dialog().getByRole('button', { name: 'Deny' }).click();
    assert.equal((await third).isError, true);
  });

  it('Deny sends the typed reason to the agent', async () => {
    const client = await agent();
    const call = callTool(client, 'shell', { command: 'rm -rf ./build' });
    await dialog().getByRole('textbox', { name: 'Reason' }).fill('not while I am presenting');
    await dialog().getByRole('button', { name: 'Deny' }).click();
    const result = await call;
    assert.equal(result.isError, true);
    assert.match(result.text, /not while I am presenting/);
    await feedRows(page, 'shell').first().filter({ hasText: 'denied' }).waitFor();
  });

  it('focuses Reason first, ignores Enter there, approves only from the Approve button, and Escape denies', async () => {
    const client = await agent();
    await page.getByRole('tab', { name: 'Sessions' }).focus();
    const call = callTool(client, 'shell', { command: 'echo keyboard' });
    await dialog().waitFor();
    await eventually(() => isFocused('Reason'), 'focus on the Reason box');
    await page.keyboard.press('Enter');
    await dialog().getByRole('button', { name: 'Approve', exact: true }).and(page.locator(':enabled')).waitFor();
    await page.waitForTimeout(200);
    assert.equal(await dialog().count(), 1, 'Enter in the Reason box must not answer');
    // Focus stays inside the dialog: Reason, Deny, Always allow, Approve, then back to Reason.
    await page.keyboard.press('Tab');
    assert.ok(await isFocused('Deny'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.ok(await isFocused('Approve'));
    await page.keyboard.press('Tab');
    assert.ok(await isFocused('Reason'));
    await page.keyboard.press('Shift+Tab');
    assert.ok(await isFocused('Approve'));
    await page.keyboard.press('Enter');
    assert.match((await call).text, /keyboard/);
    await dialog().waitFor({ state: 'detached' });
    await eventually(() => page.getByRole('tab', { name: 'Sessions' }).evaluate((el) => el === document.activeElement), 'focus back on the Sessions tab');

    const denied = callTool(client, 'shell', { command: 'echo escape' });
    await dialog().waitFor();
    await eventually(() => isFocused('Reason'), 'focus on the Reason box');
    await page.keyboard.type('pressed escape');
    await page.keyboard.press('Escape');
    const result = await denied;
    assert.equal(result.isError, true);
    assert.match(result.text, /pressed escape/);
  });

  it('a second call that asks waits queued behind the first approval, and a double click approves only one', async () => {
    const one = callTool(await agent('agent-one'), 'shell', { command: 'echo one' });
    await dialog().waitFor();
    let twoSettled = false;
    const two = callTool(await agent('agent-two'), 'shell', { command: 'echo two' }).finally(() => {
      twoSettled = true;
    });
    // While a person is asked, other input waits in the feed rather than asking at the same time.
    await feedRows(page, 'shell').filter({ hasText: 'Waiting while a person answers' }).first().waitFor();
    assert.equal(await dialog().getByText('1 of 2').count(), 0);
    assert.match(await dialog().innerText(), /echo one/);
    const approve = dialog().getByRole('button', { name: 'Approve', exact: true });
    await approve.and(page.locator(':enabled')).waitFor();
    // The second click lands where the next approval's Approve button appears at once.
    await approve.dblclick();
    assert.match((await one).text, /one/);
    await eventually(async () => /echo two/.test(await dialog().innerText()), 'the second approval');
    assert.equal(await dialog().getByText('1 of 2').count(), 0);
    await approve.and(page.locator(':enabled')).waitFor();
    assert.equal(twoSettled, false, 'the second call is still waiting for its own decision');
    await approve.click();
    assert.match((await two).text, /two/);
  });

  it('counts down to the timeout and the call is denied when it runs out', async () => {
    await putSettings(app, { approvalTimeoutS: 3 });
    try {
      const client = await agent();
      const started = Date.now();
      const call = callTool(client, 'shell', { command: 'echo too-late' });
      await dialog().waitFor();
      await dialog().getByText(/Denied automatically in 0:0[1-3]/).waitFor();
      const result = await call;
      assert.equal(result.isError, true);
      assert.ok(Date.now() - started >= 2500, 'the call waited for the timeout');
      await dialog().waitFor({ state: 'detached' });
      await feedRows(page, 'shell').first().filter({ hasText: 'denied' }).waitFor();
    } finally {
      await putSettings(app, { approvalTimeoutS: 120 });
    }
  });
});
