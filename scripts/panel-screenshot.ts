// Makes docs/panel.png for the README: a real server, a real MCP shell call waiting for approval, the panel in headless Chromium.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chromium } from 'playwright-core';
import { startChaperone } from '../src/main/http/server.js';

const OUTPUT = resolve('docs/panel.png');

async function connect(mcpUrl: string, token: string, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chaperone-screenshot-'));
  const app = await startChaperone({ port: 0, dataDir, panelDir: resolve('dist/renderer') });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const agent = await connect(app.mcpUrl, app.token, 'claude-code');
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.panelUrl}?token=${encodeURIComponent(app.token)}`);
    // A little history first, so the feed behind the dialog looks like a working session.
    await agent.callTool({ name: 'context_usage', arguments: {} });
    await agent.callTool({ name: 'wait', arguments: { seconds: 0.5 } });
    const waiting = agent.callTool({ name: 'shell', arguments: { command: 'ls -la ~/Documents', cwd: '/home/user' } }, undefined, { timeout: 60_000 });
    const dialog = page.getByRole('dialog', { name: 'Approve action?' });
    // Approve is held back for a moment after a dialog appears; show it ready.
    await dialog.getByRole('button', { name: 'Approve', exact: true }).and(page.locator(':enabled')).waitFor();
    mkdirSync(resolve('docs'), { recursive: true });
    await page.screenshot({ path: OUTPUT });
    await dialog.getByRole('button', { name: 'Deny' }).click();
    await waiting.catch(() => undefined);
    console.log(`Saved ${OUTPUT}`);
  } finally {
    await agent.close().catch(() => undefined);
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
