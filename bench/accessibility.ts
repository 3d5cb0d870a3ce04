// Accessibility snapshot of a 300-element page: Chaperone's AT-SPI driver against libatspi (pyatspi) walking the same tree, in one run.
// Runs alone: node --import tsx bench/accessibility.ts
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createLinuxAccessibilityDriver } from '../src/main/drivers/linux/accessibility.js';
import { INTERACTIVE_ROLES } from '../src/main/drivers/linux/atspiRoles.js';
import { startAccessibilityBus } from '../test/support/accessibility.js';
import { htmlPage, openChromium } from '../test/support/chromium.js';
import { startXServer } from '../test/support/xserver.js';
import { fmt, percentiles, type Timing } from './stats.js';

const ELEMENTS = 300;
const RUNS = 30;
const WARMUP = 5;

function page(): string {
  const kinds = [
    (i: number) => `<button>Button ${i}</button>`,
    (i: number) => `<a href="#l${i}">Link ${i}</a>`,
    (i: number) => `<label><input type="checkbox">Check ${i}</label>`,
  ];
  const cells = Array.from({ length: ELEMENTS }, (_, i) => `<div style="width:80px;height:34px;overflow:hidden">${kinds[i % 3]!(i)}</div>`);
  return htmlPage(`<title>Bench page</title><div style="display:grid;grid-template-columns:repeat(15,82px);font:12px sans-serif">${cells.join('')}</div>`);
}

/** libatspi's own walk: every object of the page's window, and role, name, states and extents of the interactive ones. */
const PYATSPI_WALKER = String.raw`
import sys, time, pyatspi
roles = set(int(r) for r in sys.argv[1].split(','))
def frame():
    for app in pyatspi.Registry.getDesktop(0):
        if app is None: continue
        for f in app:
            if f is not None and 'Bench page' in (f.name or ''): return f
    return None
def walk(node, out):
    for child in node:
        if child is None: continue
        role = int(child.getRole())
        if role in roles:
            states = child.getState()
            if states.contains(pyatspi.STATE_SHOWING):
                out.append((role, child.name, states.getStates(), child.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)))
        walk(child, out)
print('ready', flush=True)
for line in sys.stdin:
    start = time.perf_counter()
    target = frame()
    found = []
    if target is not None: walk(target, found)
    print('%d %.3f' % (len(found), (time.perf_counter() - start) * 1000), flush=True)
`;

async function main(): Promise<void> {
  const x = await startXServer({ width: 1280, height: 800 });
  const bus = await startAccessibilityBus(x.env);
  const chrome = await openChromium(bus.env, page(), { width: 1280, height: 800 }, { accessibility: true });
  const python = spawn('/usr/bin/python3', ['-c', PYATSPI_WALKER, [...INTERACTIVE_ROLES.keys()].join(',')], { env: bus.env, stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = createInterface({ input: python.stdout });
  const nextAnswer = (): Promise<string> => new Promise((resolve) => answers.once('line', resolve));
  try {
    if ((await nextAnswer()) !== 'ready') throw new Error('the pyatspi walker did not start');
    const driver = createLinuxAccessibilityDriver({ env: () => bus.env });
    // Chromium builds the page's tree on first demand; wait until every element is there.
    const end = Date.now() + 30_000;
    let count = 0;
    while ((count = (await driver.snapshot()).elements.length) < ELEMENTS && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    if (count < ELEMENTS) throw new Error(`the snapshot lists ${count} elements, not the page's ${ELEMENTS}`);

    const ours: number[] = [];
    const theirs: number[] = [];
    let theirCount = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const start = performance.now();
      const shot = await driver.snapshot();
      const took = performance.now() - start;
      python.stdin.write('walk\n');
      const [n, ms] = (await nextAnswer()).split(' ').map(Number);
      if (i < WARMUP) continue;
      if (shot.elements.length < ELEMENTS) throw new Error(`a snapshot listed only ${shot.elements.length} elements`);
      ours.push(took);
      theirs.push(ms ?? NaN);
      theirCount = n ?? 0;
    }
    const a: Timing = percentiles(ours);
    const b: Timing = percentiles(theirs);
    const line = (label: string, value: string): void => console.log(`${label.padEnd(52)} ${value}`);
    line(`Chaperone AT-SPI snapshot (${count} elements)`, fmt(a));
    line(`libatspi/pyatspi walk of the same window (${theirCount} elements)`, fmt(b));
    line('ratio Chaperone / libatspi', `${(a.p50 / b.p50).toFixed(2)}x (p50), target <= 2x; p50 target <= 150 ms`);
  } finally {
    python.kill();
    await chrome.close();
    await bus.stop();
    await x.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
