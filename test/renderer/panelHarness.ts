// Shared setup for the panel tests: a real Chaperone server, a headless Chromium, and real MCP clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import type { PresetName, Settings } from '../../src/shared/types.js';

export const PANEL_DIR = resolve('dist/renderer');

export function tempDataDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'chaperone-panel-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Without a policy the server keeps the preset saved in the data dir (supervised on a fresh one). */
export async function startServer(dataDir: string, policy?: PresetName): Promise<RunningChaperone> {
  return startChaperone({ port: 0, dataDir, panelDir: PANEL_DIR, ...(policy ? { policy } : {}) });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Logs in with the token link and waits until the panel shows a status. */
export async function openPanel(browser: Browser, app: RunningChaperone, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${app.panelUrl}?token=${encodeURIComponent(app.token)}`);
  await page.getByRole('status').filter({ hasText: /^(Running|Paused|Stopped)$/ }).waitFor();
  return page;
}

export async function connectAgent(app: RunningChaperone, name = 'test-agent'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(app.mcpUrl), {
    requestInit: { headers: { Authorization: `Bearer ${app.token}` } },
  });
  await client.connect(transport);
  return client;
}

export interface ToolResult {
  text: string;
  isError: boolean;
}

/** Calls a tool and returns its text content; a long timeout because a person may be deciding. */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
  const content = Array.isArray(result.content) ? (result.content as { type: string; text?: string }[]) : [];
  return {
    text: content
      .filter((part) => part.type === 'text')
      .map((part) => part.text ?? '')
      .join('\n'),
    isError: result.isError === true,
  };
}

/** Polls until `check` returns a truthy value; fails with `what` after the timeout. */
export async function eventually<T>(check: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Changes settings through the API with the bearer token, as a script would. */
export async function putSettings(app: RunningChaperone, change: Partial<Settings>): Promise<void> {
  const current = app.supervisor.settings();
  const response = await fetch(`${app.panelUrl}api/settings`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...current, ...change }),
  });
  if (!response.ok) throw new Error(`PUT /api/settings answered ${response.status}: ${await response.text()}`);
}

/** The feed row (list item) for the newest call of `tool`. */
export function feedRows(page: Page, tool: string) {
  return page.getByRole('list', { name: 'Action feed' }).getByRole('listitem').filter({ has: page.locator('.feed-tool', { hasText: new RegExp(`^${tool}$`) }) });
}
