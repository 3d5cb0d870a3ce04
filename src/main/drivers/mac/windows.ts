// Windows and apps on macOS through System Events and CoreGraphics (JavaScript for Automation) and `open -a`. Untested here (Linux CI).
import { runProgram } from '../runProgram.js';
import type { Point, WindowInfo, WindowsDriver } from '../types.js';
import { runJxa } from './jxa.js';
import { windowsDriverOver } from '../windowSearch.js';

const LIST_SCRIPT = `
const se = Application('System Events');
const out = [];
for (const p of se.applicationProcesses.whose({ backgroundOnly: false })()) {
  const app = p.name();
  const pid = p.unixId();
  const front = p.frontmost();
  p.windows().forEach((w, i) => {
    let pos = [0, 0], size = [0, 0];
    try { pos = w.position(); size = w.size(); } catch (e) {}
    out.push({ id: pid + ':' + i, title: w.name() || '', app, pid, x: pos[0], y: pos[1], width: size[0], height: size[1], focused: front && i === 0 });
  });
}
JSON.stringify(out);
`;

type WindowRow = Omit<WindowInfo, 'bounds'> & { x: number; y: number; width: number; height: number };

function toWindow({ x, y, width, height, ...w }: WindowRow): WindowInfo {
  return { ...w, bounds: { x, y, width, height } };
}

/** The frontmost app's windows first (its front window first), then the others by app. */
async function listWindows(): Promise<WindowInfo[]> {
  const rows = (JSON.parse((await runJxa(LIST_SCRIPT)).trim() || '[]') as WindowRow[]).map(toWindow);
  const frontPid = rows.find((w) => w.focused)?.pid;
  return [...rows.filter((w) => w.pid === frontPid), ...rows.filter((w) => w.pid !== frontPid)];
}

// CGWindowListCopyWindowInfo lists on-screen windows front to back; layer 0 holds ordinary app windows. Titles
// (kCGWindowName) need Screen Recording permission and are empty without it. The index among the app's own windows
// matches System Events' front-to-back order, so the id works with FOCUS_SCRIPT and CLOSE_SCRIPT.
const AT_SCRIPT = `ObjC.import('CoreGraphics'); ObjC.import('AppKit');
function run(argv) {
  const px = Number(argv[0]), py = Number(argv[1]);
  const front = $.NSWorkspace.sharedWorkspace.frontmostApplication.processIdentifier;
  const rows = ObjC.deepUnwrap(ObjC.castRefToObject($.CGWindowListCopyWindowInfo($.kCGWindowListOptionOnScreenOnly | $.kCGWindowListExcludeDesktopElements, $.kCGNullWindowID))) || [];
  const seen = {};
  let firstOfFront = true;
  for (const r of rows) {
    if (r.kCGWindowLayer !== 0) continue;
    const pid = r.kCGWindowOwnerPID;
    const index = seen[pid] || 0;
    seen[pid] = index + 1;
    const b = r.kCGWindowBounds || {};
    const focused = pid === front && firstOfFront;
    if (pid === front) firstOfFront = false;
    if (px >= b.X && py >= b.Y && px < b.X + b.Width && py < b.Y + b.Height) {
      return JSON.stringify({ id: pid + ':' + index, title: r.kCGWindowName || '', app: r.kCGWindowOwnerName || '', pid, x: b.X, y: b.Y, width: b.Width, height: b.Height, focused });
    }
  }
  return 'null';
}`;

async function windowAt(point: Point): Promise<WindowInfo | null> {
  const row = JSON.parse((await runJxa(AT_SCRIPT, [String(point.x), String(point.y)])).trim() || 'null') as WindowRow | null;
  return row ? toWindow(row) : null;
}

function windowIndex(target: WindowInfo): number {
  return Number(target.id.split(':')[1] ?? 0);
}

const FOCUS_SCRIPT = `function run(argv) {
  const p = Application('System Events').processes.whose({ unixId: Number(argv[0]) })()[0];
  p.frontmost = true;
  const w = p.windows()[Number(argv[1])];
  if (w) w.actions.byName('AXRaise').perform();
}`;

const CLOSE_SCRIPT = `function run(argv) {
  const p = Application('System Events').processes.whose({ unixId: Number(argv[0]) })()[0];
  const w = p.windows()[Number(argv[1])];
  const button = w ? w.buttons.whose({ subrole: 'AXCloseButton' })()[0] : undefined;
  if (button) button.click();
  else Application(p.name()).quit();
}`;

export function createMacWindowsDriver(): WindowsDriver {
  return windowsDriverOver({
    list: listWindows,
    at: windowAt,
    async start(name) {
      const opened = await runProgram('open', ['-a', name.trim()]);
      if (opened.exitCode !== 0) throw new Error(`macOS could not open an app named "${name}": ${opened.stderr.trim()}`);
      const wanted = name.trim().toLowerCase();
      return { pid: 0, belongs: (w) => w.app.toLowerCase() === wanted, failure: () => null };
    },
    activate: async (target) => void (await runJxa(FOCUS_SCRIPT, [String(target.pid), String(windowIndex(target))])),
    closeWindow: async (target) => void (await runJxa(CLOSE_SCRIPT, [String(target.pid), String(windowIndex(target))])),
  });
}
