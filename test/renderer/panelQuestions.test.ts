// The ask_human question dialog against a real server: Decline in the panel and over the control API, and the countdown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Page } from 'playwright-core';
import type { RunningChaperone } from '../../src/main/http/server.js';
import { callTool, connectAgent, eventually, launchBrowser, openPanel, startServer, tempDataDir } from './panelHarness.js';

describe('question dialog', () => {
  const dataDir = tempDataDir();
  let app: RunningChaperone;
  let browser: Browser;
  let page: Page;
  let client: Client;

  before(async () => {
    app = await startServer(dataDir.path);
    browser = await launchBrowser();
    page = await openPanel(browser, app);
    client = await connectAgent(app, 'question-agent');
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    dataDir.remove();
  });

  it('Decline in the panel tells the agent the person declined, as a normal result', async () => {
    const call = callTool(client, 'ask_human', { question: 'What is the admin password?', timeout_s: 120 });
    const dialog = page.getByRole('dialog').filter({ hasText: 'What is the admin password?' });
    await dialog.waitFor();
    assert.match(await dialog.getByRole('timer').innerText(), /The agent stops waiting in (1:59|2:00)/);
    await dialog.getByRole('button', { name: 'Decline' }).click();
    const result = await call;
    assert.deepEqual(result, { text: 'The person declined to answer.', isError: false });
    await dialog.waitFor({ state: 'detached' });
  });

  it('POST /api/questions/ID with decline declines; a second decline gets 409', async () => {
    const call = callTool(client, 'ask_human', { question: 'Which branch?' });
    const pending = await eventually(() => app.supervisor.state().pending[0], 'the pending question');
    const decline = () =>
      fetch(`${app.panelUrl}api/questions/${encodeURIComponent(pending.id)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ decline: true }),
      });
    assert.equal((await decline()).status, 200);
    assert.deepEqual(await call, { text: 'The person declined to answer.', isError: false });
    assert.equal((await decline()).status, 409);
  });
});
