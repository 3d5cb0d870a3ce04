// The panel over the preload bridge (window.chaperone, as Electron provides it): shortcut warning, commands, and a feed under load.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Bridge } from '../../src/shared/bridge.js';
import type { FeedEntry, SupervisorEvent } from '../../src/shared/types.js';
import { DEFAULT_SETTINGS } from '../../src/main/core/settingsSchema.js';
import { eventually, launchBrowser, newContext, PANEL_DIR } from './panelHarness.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

interface PageSide {
  emit(event: SupervisorEvent): void;
  commands: string[];
}

declare global {
  interface Window {
    testBridge: PageSide;
  }
}

/** Runs in the page before the panel loads: a bridge like the preload's, driven by the test through window.testBridge. */
function installPreloadBridge(settings: typeof DEFAULT_SETTINGS): void {
  const listeners = new Set<(event: SupervisorEvent) => void>();
  const commands: string[] = [];
  const command = (name: string) => async () => {
    commands.push(name);
  };
  window.testBridge = { emit: (event) => listeners.forEach((listener) => listener(event)), commands };
  const bridge: Bridge = {
    getState: async () => ({ status: 'running', sessions: [], pending: [], policy: settings }),
    getFeed: async () => [],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pause: command('pause'),
    resume: command('resume'),
    stop: command('stop'),
    rearm: command('rearm'),
    answerApproval: async () => ({ ok: true }),
    answerQuestion: async () => ({ ok: true }),
    declineQuestion: async () => ({ ok: true }),
    saveSettings: async () => ({ ok: true }),
    getAudit: async () => ({ records: [], verification: { ok: true, records: 0, files: 0 } }),
    getClientConfig: async () => '',
    getShortcutStatus: async () => ({ accelerator: 'CommandOrControl+Shift+Escape', registered: false, error: 'another program already uses it' }),
  };
  window.chaperone = bridge;
}

describe('panel over the preload bridge', () => {
  let files: Server;
  let browser: Browser;
  let page: Page;

  before(async () => {
    files = createServer((req, res) => {
      const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
      try {
        const body = readFileSync(join(PANEL_DIR, path));
        res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    browser = await launchBrowser();
    const context = await newContext(browser);
    // tsx compiles with keepNames, so functions sent to the page call esbuild's __name helper.
    await context.addInitScript({ content: 'window.__name = (fn) => fn;' });
    await context.addInitScript(installPreloadBridge, DEFAULT_SETTINGS);
    page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(files.address() as AddressInfo).port}/`);
    await page.getByRole('status').filter({ hasText: /^Running$/ }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => files?.close(resolve));
  });

  it('says when the Stop all shortcut could not be registered', async () => {
    await page.getByText('The Stop all shortcut CommandOrControl+Shift+Escape could not be registered: another program already uses it').waitFor();
  });

  it('moves between views with the arrow keys, shows a focus ring, and follows the colour scheme', async () => {
    const tab = (name: string) => page.getByRole('tab', { name });
    await tab('Feed').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await tab('Sessions').getAttribute('aria-selected'), 'true');
    assert.ok(await tab('Sessions').evaluate((el) => el === document.activeElement));
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page.keyboard.press('End');
    assert.equal(await tab('Audit').getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Home');
    assert.equal(await tab('Feed').getAttribute('aria-selected'), 'true');
    const ring = await tab('Feed').evaluate((el) => ({ style: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth) }));
    assert.ok(ring.style !== 'none' && ring.width >= 2, `the focused tab has a clear outline (${JSON.stringify(ring)})`);

    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    assert.notEqual(light, dark);
    const channels = (color: string) => (color.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    assert.ok(channels(dark).every((c) => c < 60) && channels(light).every((c) => c > 200), `light ${light}, dark ${dark}`);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('sends commands through the bridge and follows status events', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await eventually(() => page.evaluate(() => window.testBridge.commands.includes('pause')), 'pause through the bridge');
    await page.evaluate(() => window.testBridge.emit({ type: 'status', status: 'paused', reason: 'You moved the mouse.' }));
    await page.getByRole('status').filter({ hasText: /^Paused$/ }).waitFor();
    await page.getByText('You moved the mouse.').waitFor();
    await page.evaluate(() => window.testBridge.emit({ type: 'notice', level: 'warning', message: 'Session agent has used 80% of its token budget.', at: Date.now() }));
    await page.getByRole('region', { name: 'Notices' }).getByText('Session agent has used 80% of its token budget.').waitFor();
  });

  it('keeps drawing frames with 10,000 entries and 100 updates a second, updating entries in place', async () => {
    const result = await page.evaluate(async () => {
      const entry = (seq: number, status: FeedEntry['status']): FeedEntry => ({
        id: `call-${seq}`,
        seq,
        sessionId: 's1',
        client: 'load-agent',
        tool: seq % 2 === 0 ? 'wait' : 'screenshot',
        args: { seconds: seq },
        risk: 'none',
        status,
        requestedAt: Date.now(),
      });
      for (let seq = 1; seq <= 10_000; seq++) window.testBridge.emit({ type: 'entry', entry: entry(seq, 'done') });
      await new Promise((resolve) => setTimeout(resolve, 500));
      let frames = 0;
      let counting = true;
      const countFrames = () => {
        frames++;
        if (counting) requestAnimationFrame(countFrames);
      };
      requestAnimationFrame(countFrames);
      // Two seconds at 100 events a second: 50 new calls, each then finishing in place.
      for (let tick = 0; tick < 100; tick++) {
        const seq = 10_001 + Math.floor(tick / 2);
        window.testBridge.emit({ type: 'entry', entry: entry(seq, tick % 2 === 0 ? 'running' : 'done') });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      counting = false;
      return { frames };
    });
    assert.ok(result.frames >= 40, `the page kept drawing (${result.frames} frames in about 2 s)`);
    await page.getByText('10,050 calls').waitFor();
    const list = page.getByRole('list', { name: 'Action feed' });
    assert.ok((await list.getByRole('listitem').count()) < 100, 'only visible rows are rendered');
    assert.equal(await list.locator('.feed-args').first().innerText(), 'seconds: 10050');
    assert.equal(await list.locator('.feed-status').first().innerText(), 'done');
    await page.getByLabel('Status').selectOption('running');
    await page.getByText('No calls match these filters.').waitFor();
  });

  it('keeps the reader in place when new calls arrive above', async () => {
    await page.getByLabel('Status').selectOption('');
    const scroller = page.getByTestId('feed-scroller');
    await scroller.evaluate((el) => el.scrollTo(0, 2050));
    const firstVisible = async () =>
      scroller.evaluate((el) => {
        const top = el.getBoundingClientRect().top + 1;
        const rows = [...el.querySelectorAll('li')].filter((li) => li.getBoundingClientRect().bottom > top);
        rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        return rows[0]?.querySelector('.feed-args')?.textContent;
      });
    const before = await eventually(firstVisible, 'a row at the top of the view');
    await page.evaluate(() => {
      for (let seq = 10_051; seq <= 10_060; seq++) {
        window.testBridge.emit({
          type: 'entry',
          entry: { id: `call-${seq}`, seq, sessionId: 's1', client: 'load-agent', tool: 'wait', args: { seconds: seq }, risk: 'none', status: 'done', requestedAt: Date.now() },
        });
      }
    });
    await page.getByText('10,060 calls').waitFor();
    assert.equal(await firstVisible(), before);
  });
});
