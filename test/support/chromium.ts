// A real headful Chromium window on the test's X display, driven and read back over the DevTools protocol.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface HeadfulChromium {
  browser: Browser;
  page: Page;
  process: ChildProcess;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface ChromiumOptions {
  /** Renderer accessibility on (`--force-renderer-accessibility` and ACCESSIBILITY_ENABLED=1), so AT-SPI sees the page. */
  accessibility?: boolean;
  /** Where the window goes; the default fills the screen from 0,0 (kiosk). */
  position?: { x: number; y: number };
  /** An app window: no tabs and no toolbar, only the window manager's frame. */
  app?: boolean;
}

/** Opens `html` (a data: URL or http URL) in a maximised, headful Chromium window. */
export async function openChromium(
  env: NodeJS.ProcessEnv,
  url: string,
  size = { width: 1280, height: 800 },
  options: ChromiumOptions = {},
): Promise<HeadfulChromium> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'chaperone-chromium-'));
  const proc = spawn(
    '/usr/bin/chromium',
    [
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter',
      '--password-store=basic',
      ...(options.position ? [] : ['--kiosk']),
      ...(options.accessibility ? ['--force-renderer-accessibility'] : []),
      `--window-position=${options.position?.x ?? 0},${options.position?.y ?? 0}`,
      `--window-size=${size.width},${size.height}`,
      options.app ? `--app=${url}` : url,
    ],
    { env: options.accessibility ? { ...env, ACCESSIBILITY_ENABLED: '1' } : env, stdio: 'ignore' },
  );
  let browser: Browser | undefined;
  const end = Date.now() + 20_000;
  while (!browser) {
    try {
      browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    } catch (err) {
      if (Date.now() > end || proc.exitCode !== null) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  let page: Page | undefined;
  while (!page) {
    page = browser.contexts()[0]?.pages()[0];
    if (!page) await new Promise((r) => setTimeout(r, 100));
  }
  await page.waitForLoadState('load');
  await page.bringToFront();
  return {
    browser,
    page,
    process: proc,
    async close() {
      await browser?.close().catch(() => undefined);
      // The profile can only be removed once Chromium has stopped writing to it.
      const exited = proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
      // Chromium's helper processes can write to the profile for a moment after the browser dies; a left temp dir fails no test.
      await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => undefined);
    },
  };
}

/** A data: URL for a small HTML page. */
export function htmlPage(body: string): string {
  return 'data:text/html;charset=utf-8,' + encodeURIComponent(`<!doctype html><html><body style="margin:0">${body}</body></html>`);
}
