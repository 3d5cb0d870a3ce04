// Settings edited in the panel and kept across a restart; the sessions and audit views against a real server.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningChaperone } from '../../src/main/http/server.js';
import { callTool, connectAgent, eventually, launchBrowser, openPanel, putSettings, startServer, tempDataDir } from './panelHarness.js';

describe('settings, sessions and audit views', () => {
  const dataDir = tempDataDir();
  let app: RunningChaperone;
  let browser: Browser;
  let page: Page;

  const openSettings = async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
  };

  before(async () => {
    app = await startServer(dataDir.path);
    browser = await launchBrowser();
    page = await openPanel(browser, app);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    dataDir.remove();
  });

  it('checks the form before saving and shows the problems', async () => {
    await openSettings();
    await page.getByLabel('Approval timeout (seconds)').fill('soon');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Argument').fill('command');
    await page.getByLabel('Pattern').fill('(unclosed');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The approval timeout must be a whole number from 1 to 86400.').waitFor();
    await page.getByText(/This is not a valid regular expression/).waitFor();
    assert.equal(await page.getByLabel('Approval timeout (seconds)').getAttribute('aria-invalid'), 'true');
    assert.equal(app.supervisor.settings().approvalTimeoutS, 120, 'nothing reached the server');
  });

  it("shows the server's reason when it refuses the settings", async () => {
    await page.getByLabel('Approval timeout (seconds)').fill('45');
    await page.getByLabel('Pattern').fill('^rm ');
    await page.getByLabel('Tool', { exact: true }).fill('shel');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: /^Not saved: .*tool/ }).waitFor();
    assert.equal(app.supervisor.settings().approvalTimeoutS, 120);
  });

  it('saves preset, per-tool modes, custom rules and limits, and they survive a restart', async () => {
    await page.getByLabel('Tool', { exact: true }).fill('shell');
    await page.getByLabel('Rule mode').selectOption('deny');
    await page.getByLabel('Reason shown').fill('No deleting from agents.');
    await page.getByLabel('Preset').selectOption('cautious');
    await page.getByLabel('Mode for wait', { exact: true }).selectOption('deny');
    await page.getByLabel('Mode for screenshot').selectOption('ask');
    await page.getByLabel('Rate limit (calls per minute per session)').fill('300');
    await page.getByLabel('Token budget per session').fill('50000');
    await page.getByLabel('Redact typed text in the feed and audit log').check();
    await page.getByLabel('Hosts fetch_page may reach on private networks').fill('intranet.example\n192.168.1.5:8080');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();

    const saved = app.supervisor.settings();
    assert.equal(saved.preset, 'cautious');
    assert.equal(saved.approvalTimeoutS, 45);
    assert.equal(saved.rateLimitPerMinute, 300);
    assert.equal(saved.tokenBudget, 50_000);
    assert.equal(saved.redaction.typedText, true);
    assert.deepEqual(saved.fetchAllowHosts, ['intranet.example', '192.168.1.5:8080']);
    assert.deepEqual(saved.rules, [
      { tool: 'shell', arg: 'command', match: '^rm ', mode: 'deny', reason: 'No deleting from agents.' },
      { tool: 'screenshot', mode: 'ask' },
      { tool: 'wait', mode: 'deny' },
    ]);
    const client = await connectAgent(app);
    assert.equal((await callTool(client, 'wait', { seconds: 0 })).isError, true, 'the per-tool deny applies at once');
    await client.close();

    // Restart with the panel still open, as when a person restarts the server from a terminal.
    const stale = page;
    await app.close();
    app = await startServer(dataDir.path);
    page = await openPanel(browser, app);
    await stale.context().close();
    await openSettings();
    assert.equal(await page.getByLabel('Preset').inputValue(), 'cautious');
    assert.equal(await page.getByLabel('Mode for wait', { exact: true }).inputValue(), 'deny');
    assert.equal(await page.getByLabel('Mode for screenshot').inputValue(), 'ask');
    assert.equal(await page.getByLabel('Mode for shell').inputValue(), '');
    assert.equal(await page.getByLabel('Approval timeout (seconds)').inputValue(), '45');
    assert.equal(await page.getByLabel('Pattern').inputValue(), '^rm ');
    assert.equal(await page.getByLabel('Reason shown').inputValue(), 'No deleting from agents.');
    assert.equal(await page.getByLabel('Redact typed text in the feed and audit log').isChecked(), true);

    await page.getByRole('button', { name: 'Remove rule 1' }).click();
    await page.getByLabel('Mode for wait', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();
    assert.deepEqual(app.supervisor.settings().rules, [{ tool: 'screenshot', mode: 'ask' }]);
  });

  it('lists connected clients with their calls and token use, warning at 80 % of the budget', async () => {
    await putSettings(app, { preset: 'supervised', rules: [], tokenBudget: 200_000 });
    const light = await connectAgent(app, 'light-agent');
    await callTool(light, 'wait', { seconds: 0 });
    await putSettings(app, { tokenBudget: 20 });
    const heavy = await connectAgent(app, 'heavy-agent');
    await callTool(heavy, 'context_usage', {});
    await callTool(heavy, 'context_usage', {});

    await page.getByRole('tab', { name: 'Sessions' }).click();
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    await row('light-agent').waitFor();
    assert.match(await row('light-agent').innerText(), /Connected since/);
    const heavyMeter = page.getByRole('progressbar', { name: 'Token use of heavy-agent' });
    await eventually(async () => Number(await heavyMeter.getAttribute('aria-valuenow')) > 0, 'token use for heavy-agent');
    assert.equal(await heavyMeter.getAttribute('aria-valuemax'), '20');
    assert.match(await heavyMeter.locator('xpath=..').getAttribute('class') ?? '', /token-(warning|over)/);
    const lightMeter = page.getByRole('progressbar', { name: 'Token use of light-agent' });
    assert.equal(await lightMeter.getAttribute('aria-valuemax'), '200000');
    assert.match(await lightMeter.locator('xpath=..').getAttribute('class') ?? '', /token-ok/);
    await eventually(async () => /\b2\b/.test(await row('heavy-agent').getByRole('cell').nth(1).innerText()), 'two calls for heavy-agent');
    await page.getByRole('region', { name: 'Notices' }).getByText(/heavy-agent.* has used .* token budget/).waitFor();
    await light.close();
    await heavy.close();
  });

  it('shows recent audit records and an intact chain', async () => {
    await page.getByRole('tab', { name: 'Audit' }).click();
    await page.getByText(/^Chain intact: [\d,]+ records in \d+ files?\.$/).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    assert.ok((await rows.count()) > 3);
    await page.getByRole('cell', { name: 'context_usage' }).first().waitFor();
    await page.getByRole('cell', { name: 'requested' }).first().waitFor();
  });

  it('shows where the chain breaks when a record on disk was changed', async () => {
    const dir = join(dataDir.path, 'audit');
    const file = readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort()[0];
    assert.ok(file, 'an audit file exists');
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    const record = JSON.parse(lines[1] ?? '') as Record<string, unknown>;
    lines[1] = JSON.stringify({ ...record, detail: 'edited afterwards' });
    writeFileSync(join(dir, file), lines.join('\n'));
    await page.getByRole('button', { name: 'Refresh and verify' }).click();
    await page.getByRole('alert').filter({ hasText: new RegExp(`^Chain broken at .*${file.replace('.', '\\.')}:2: `) }).waitFor();
  });
});
