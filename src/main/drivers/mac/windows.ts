// Windows and apps on macOS through System Events (JavaScript for Automation) and `open -a`. Untested here (Linux CI).
import { runProgram } from '../runProgram.js';
import { DesktopUnavailableError, type WindowInfo, type WindowsDriver } from '../types.js';
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

/** Runs JXA; `args` reach the script as run(argv) parameters, never spliced into code. */
async function runJxa(body: string, args: string[] = []): Promise<string> {
  const output = await runProgram('osascript', ['-l', 'JavaScript', '-e', body, ...args], { timeoutMs: 20_000 });
  if (output.exitCode !== 0) {
    const message = output.stderr.trim();
    if (/-1719|-25211|assistive access|not allowed/i.test(message)) {
      throw new DesktopUnavailableError(
        'macOS has not given Chaperone Accessibility permission. Open System Settings > Privacy & Security > Accessibility and turn it on for Chaperone (or the terminal running it).',
      );
    }
    throw new Error(`osascript failed: ${message || `exit code ${output.exitCode ?? 'none'}`}`);
  }
  return output.stdout;
}

async function listWindows(): Promise<WindowInfo[]> {
  const rows = JSON.parse((await runJxa(LIST_SCRIPT)).trim() || '[]') as Array<Omit<WindowInfo, 'bounds'> & { x: number; y: number; width: number; height: number }>;
  return rows.map(({ x, y, width, height, ...w }) => ({ ...w, bounds: { x, y, width, height } }));
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
