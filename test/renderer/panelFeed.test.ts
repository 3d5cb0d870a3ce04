// The action feed with a thousand real calls: order, statuses, virtualization, filters and expandable details.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import type { RunningChaperone } from '../../src/main/http/server.js';
import { callTool, connectAgent, eventually, launchBrowser, openPanel, putSettings, startServer, tempDataDir } from './panelHarness.js';

const CALLS = 1000;
// Each call gets its own tiny wait, so its arguments say where it belongs in the order.
const secondsOf = (i: number) => i / 100_000;

describe('action feed', () => {
  const dataDir = tempDataDir();
  let app: RunningChaperone;
  let browser: Browser;
  let page: Page;
  let client: Client;

  const list = () => page.getByRole('list', { name: 'Action feed' });
  const visibleArgs = () => list().locator('.feed-args').allInnerTexts();

  before(async () => {
    app = await startServer(dataDir.path);
    await putSettings(app, { rateLimitPerMinute: 100_000 });
    browser = await launchBrowser();
    page = await openPanel(browser, app);
    client = await connectAgent(app, 'busy-agent');
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    dataDir.remove();
  });

  it('shows 1,000 calls live, newest first, each done, in a virtualized list', async () => {
    for (let i = 0; i < CALLS; i++) {
      const result = await callTool(client, 'wait', { seconds: secondsOf(i) });
      assert.equal(result.isError, false);
    }
    await page.getByText('1,000 calls').waitFor();
    const rendered = await list().getByRole('listitem').count();
    assert.ok(rendered > 5 && rendered < 100, `only the visible rows are in the page (found ${rendered})`);

    const top = await visibleArgs();
    assert.equal(top[0], `seconds: ${secondsOf(CALLS - 1)}`);
    assert.equal(top[1], `seconds: ${secondsOf(CALLS - 2)}`);
    const topStatuses = await list().locator('.feed-status').allInnerTexts();
    assert.ok(topStatuses.every((word) => word === 'done'), `statuses: ${topStatuses.join(', ')}`);
    assert.equal(await list().getByRole('listitem').first().getAttribute('aria-setsize'), String(CALLS));

    await page.getByTestId('feed-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const bottom = await eventually(async () => {
      const args = await visibleArgs();
      return args.at(-1) === `seconds: ${secondsOf(0)}` ? args : undefined;
    }, 'the oldest call at the bottom');
    const firstShown = Number(/seconds: (.*)/.exec(bottom[0] ?? '')?.[1]) * 100_000;
    // The rows at the bottom run in order: each one a call older than the one above.
    bottom.forEach((text, index) => assert.equal(text, `seconds: ${secondsOf(Math.round(firstShown) - index)}`));
  });

  it('filters by tool and status, and expands an entry into its details', async () => {
    await page.getByTestId('feed-scroller').evaluate((el) => el.scrollTo(0, 0));
    const denied = await (async () => {
      await putSettings(app, { rules: [{ tool: 'context_usage', mode: 'deny', reason: 'Usage is private in this test.' }] });
      return callTool(client, 'context_usage', {});
    })();
    assert.equal(denied.isError, true);
    await page.getByText('1,001 calls').waitFor();

    await page.getByLabel('Status').selectOption('denied');
    await page.getByText('1 of 1,001 calls').waitFor();
    const row = list().getByRole('listitem');
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /context_usage[\s\S]*denied/);

    const summary = row.getByRole('button');
    assert.equal(await summary.getAttribute('aria-expanded'), 'false');
    await summary.click();
    assert.equal(await summary.getAttribute('aria-expanded'), 'true');
    await row.getByText('Usage is private in this test.').first().waitFor();
    await row.getByText('Call id').waitFor();

    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Tool').selectOption('wait');
    await page.getByText('1,000 of 1,001 calls').waitFor();
    await page.getByLabel('Client').selectOption('busy-agent 1.0.0');
    await page.getByText('1,000 of 1,001 calls').waitFor();
    await page.getByLabel('Tool').selectOption('');
    await page.getByText('1,001 of 1,001 calls').waitFor();
    await page.getByLabel('Client').selectOption('');
    await page.getByText('1,001 calls', { exact: true }).waitFor();
  });
});
