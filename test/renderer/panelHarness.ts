// Shared setup for the panel tests: a real Chaperone server, a headless Chromium, and real MCP clients.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import type { PresetName, Settings } from '../../src/shared/types.js';
import { connectClient } from '../support/mcpClient.js';

export const PANEL_DIR = resolve('dist/renderer');

export function tempDataDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'chaperone-panel-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Without a policy the server keeps the preset saved in the data dir (supervised on a fresh one). */
export async function startServer(dataDir: string, policy?: PresetName): Promise<RunningChaperone> {
  return startChaperone({ port: 0, dataDir, panelDir: PANEL_DIR, ...(policy ? { policy } : {}) });
}

export interface ServerProcess {
  mcpUrl: string;
  panelUrl: string;
  token: string;
  close(): Promise<void>;
}

/** `chaperone serve` in its own process, for tests whose display goes away before the test process ends. */
export async function startServerProcess(dataDir: string, env: NodeJS.ProcessEnv, policy: PresetName): Promise<ServerProcess> {
  const token = 'panel-test-token';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'serve', '--port', '0', '--data-dir', dataDir, '--token', token, '--policy', policy], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = await new Promise<{ mcp: string; panel: string }>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = /^chaperone ready (.*)$/m.exec(output);
      if (line?.[1]) resolve(JSON.parse(line[1]) as { mcp: string; panel: string });
    });
    child.once('exit', (code) => reject(new Error(`chaperone serve exited with ${code} before it was ready`)));
  });
  return {
    mcpUrl: ready.mcp,
    panelUrl: ready.panel,
    token,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newContext(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  // Fail in seconds, not Playwright's 30: every step here answers within a second when it works.
  context.setDefaultTimeout(10_000);
  return context;
}

/** Logs in with the token link and waits until the panel shows a status. */
export async function openPanel(browser: Browser, app: Pick<RunningChaperone, 'panelUrl' | 'token'>, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  await page.goto(`${app.panelUrl}?token=${encodeURIComponent(app.token)}`);
  await page.getByRole('status').filter({ hasText: /^(Running|Paused|Stopped)$/ }).waitFor();
  return page;
}

export async function connectAgent(app: Pick<RunningChaperone, 'mcpUrl' | 'token'>, name = 'test-agent'): Promise<Client> {
  return (await connectClient(app.mcpUrl, app.token, name, '1.0.0')).client;
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
