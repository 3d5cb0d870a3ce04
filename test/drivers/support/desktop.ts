// Helpers for desktop driver tests: an ActionControl that can pause, resume and abort, and the test display's lifetime.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { probeDesktop } from '../../../src/main/drivers/desktopProbe.js';
import type { ActionControl } from '../../../src/main/drivers/types.js';
import { openChromium, type HeadfulChromium } from '../../support/chromium.js';
import { startXServer, type XServer } from '../../support/xserver.js';

export interface TestControl extends ActionControl {
  /** How many gate() calls have let an action step through. */
  readonly passed: number;
  pause(): void;
  resume(): void;
  abort(): void;
}

export function testControl(): TestControl {
  const controller = new AbortController();
  let passed = 0;
  let resumed: Promise<void> | null = null;
  let release: (() => void) | null = null;
  const abortError = () => new DOMException('The action was stopped.', 'AbortError');
  return {
    signal: controller.signal,
    get passed() {
      return passed;
    },
    async gate() {
      if (controller.signal.aborted) throw abortError();
      while (resumed) {
        await Promise.race([resumed, new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }))]);
        if (controller.signal.aborted) throw abortError();
      }
      passed++;
    },
    pause() {
      resumed ??= new Promise((resolve) => (release = resolve));
    },
    resume() {
      release?.();
      resumed = null;
      release = null;
    },
    abort() {
      controller.abort();
    },
  };
}

/** Points this test process's drivers at the test's X display (nut-js reads DISPLAY once, when it loads). */
export function useDisplay(env: NodeJS.ProcessEnv): void {
  process.env.DISPLAY = env.DISPLAY;
  delete process.env.WAYLAND_DISPLAY;
}

/** A test display (kept until this process exits, as nut-js needs) with a headful Chromium showing `page`; this process's drivers point at it. */
export async function openDesktopPage(page: string, options: { windowManager?: boolean } = {}): Promise<{ xs: XServer; chrome: HeadfulChromium }> {
  const xs = await startXServer({ windowManager: options.windowManager ?? true });
  useDisplay(xs.env);
  xs.stopAfterExit();
  assert.equal(await probeDesktop(), null);
  return { xs, chrome: await openChromium(xs.env, page) };
}

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Closes the test browser only after its process has exited, so removing its profile cannot race its last writes. */
export async function closeChromium(chrome: HeadfulChromium | undefined): Promise<void> {
  if (!chrome) return;
  if (chrome.process.exitCode === null && chrome.process.signalCode === null) {
    const exited = once(chrome.process, 'exit');
    chrome.process.kill('SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, 200));
  }
  await chrome.close();
}
