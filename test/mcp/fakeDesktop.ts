// A recording stand-in for the OS drivers, so MCP-layer tests can see exactly what each tool asked the desktop to do.
import type { Drivers, Point, RawImage, Rect, ShellRequest, ShellResult, WindowInfo } from '../../src/main/drivers/types.js';

export interface FakeDesktop {
  drivers: Drivers;
  /** Every driver call, in order, as [method, ...args]. */
  calls: unknown[][];
  screen: { width: number; height: number };
  shellResult: ShellResult;
  clipboardText: string;
}

function solidImage(width: number, height: number): RawImage {
  return { width, height, channels: 3, data: Buffer.alloc(width * height * 3, 0x80) };
}

export function fakeDesktop(width = 2560, height = 1440): FakeDesktop {
  const calls: unknown[][] = [];
  const xterm: WindowInfo = { id: '0x1', title: 'Terminal', app: 'xterm', pid: 42, bounds: { x: 100, y: 200, width: 800, height: 600 }, focused: true };
  const desk: FakeDesktop = {
    calls,
    screen: { width, height },
    clipboardText: '',
    shellResult: { exitCode: 0, signal: null, stdout: 'hello\n', stderr: '', stdoutTruncated: false, stderrTruncated: false, timedOut: false, durationMs: 12 },
    drivers: {
      screen: {
        size: async () => ({ ...desk.screen }),
        capture: async (region?: Rect) => {
          calls.push(['capture', region]);
          return region ? solidImage(region.width, region.height) : solidImage(desk.screen.width, desk.screen.height);
        },
        displays: async () => [{ id: '1', bounds: { x: 0, y: 0, ...desk.screen }, scale: 1, primary: true }],
      },
      pointer: {
        position: async () => ({ x: 1280, y: 720 }),
        moveTo: async (to: Point) => void calls.push(['moveTo', to]),
        click: async (at: Point, button, clicks) => void calls.push(['click', at, button, clicks]),
        drag: async (from: Point, to: Point, button) => void calls.push(['drag', from, to, button]),
        scroll: async (at, direction, notches) => void calls.push(['scroll', at, direction, notches]),
        releaseAll: async () => undefined,
        lastPlaced: () => null,
      },
      keyboard: {
        type: async (text) => void calls.push(['type', text]),
        chord: async (keys) => void calls.push(['chord', keys]),
        releaseAll: async () => undefined,
      },
      windows: {
        list: async () => [xterm],
        focused: async () => xterm,
        at: async () => xterm,
        launch: async (name) => {
          calls.push(['launch', name]);
          return { pid: 43, window: { ...xterm, pid: 43 } };
        },
        focus: async (name) => {
          calls.push(['focus', name]);
          return xterm;
        },
        close: async (name) => {
          calls.push(['close', name]);
          return xterm;
        },
      },
      clipboard: {
        get: async () => desk.clipboardText,
        set: async (text) => {
          calls.push(['clipboard.set', text]);
          desk.clipboardText = text;
        },
      },
      shell: {
        run: async (request: ShellRequest) => {
          calls.push(['shell', request]);
          return desk.shellResult;
        },
      },
      pages: {
        fetch: async (url) => {
          calls.push(['fetch', url]);
          return { url: `${url}#final`, status: 200, contentType: 'text/html', title: 'Example', markdown: '# Hello', truncated: false };
        },
      },
      accessibility: {
        snapshot: async () => ({ elements: [], problem: null }),
        elementAt: async () => null,
        focusedElement: async () => null,
      },
      desktopProblem: async () => null,
    },
  };
  return desk;
}
