// The AT-SPI driver against a real Xvfb, a private D-Bus session and AT-SPI bus, headful Chromium and a GTK program.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { NO_BUS } from '../../src/main/drivers/linux/atspiBus.js';
import { createLinuxAccessibilityDriver } from '../../src/main/drivers/linux/accessibility.js';
import { createLinuxWindowsDriver } from '../../src/main/drivers/linux/windows.js';
import type { AccessibilityDriver, ElementInfo, Rect } from '../../src/main/drivers/types.js';
import { startAccessibilityBus, type AccessibilityBus } from '../support/accessibility.js';
import { openChromium, type HeadfulChromium } from '../support/chromium.js';
import { startXServer, type XServer } from '../support/xserver.js';

const PAGE = `<!doctype html><html><head><title>Account settings</title></head><body style="margin:0;font:16px sans-serif">
<div style="position:absolute;left:40px;top:30px">
  <button id="save">Save changes</button>
  <button id="delete" style="margin-left:20px">Delete account</button>
</div>
<input id="email" aria-label="Email address" value="a@example.com" style="position:absolute;left:40px;top:90px;width:240px">
<a id="help" href="#help" style="position:absolute;left:40px;top:140px">Help centre</a>
<a id="privacy" href="#privacy" style="position:absolute;left:200px;top:140px">Privacy policy</a>
<div id="list" style="position:absolute;left:40px;top:190px;width:300px;height:150px;overflow:auto;border:1px solid #888">
  ${Array.from({ length: 40 }, (_, i) => `<div><a href="#row${i + 1}">Row ${i + 1}</a></div>`).join('')}
</div>
<div id="later" style="position:absolute;left:40px;top:380px"></div>
<script>
  window.showLater = (ms) => setTimeout(() => {
    const b = document.createElement('button');
    b.textContent = 'Appeared later';
    document.getElementById('later').appendChild(b);
  }, ms);
</script>
</body></html>`;

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const found = await probe();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function find(elements: ElementInfo[], role: string, name: string): ElementInfo | undefined {
  return elements.find((e) => e.role === role && e.name === name);
}

describe('AT-SPI accessibility driver', { timeout: 120_000 }, () => {
  let x: XServer;
  let a11y: AccessibilityBus;
  let server: Server;
  let url: string;
  let chrome: HeadfulChromium;
  let gtk: ChildProcess;
  let driver: AccessibilityDriver;

  before(async () => {
    x = await startXServer({ windowManager: true });
    a11y = await startAccessibilityBus(x.env);
    // The windows driver reads the process environment.
    process.env.DISPLAY = x.display;
    process.env.DBUS_SESSION_BUS_ADDRESS = a11y.env.DBUS_SESSION_BUS_ADDRESS;
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    gtk = spawn('gtk3-widget-factory', [], { env: a11y.env, stdio: 'ignore' });
    chrome = await openChromium(a11y.env, url, { width: 1000, height: 700 }, { accessibility: true, position: { x: 0, y: 0 } });
    driver = createLinuxAccessibilityDriver({ env: () => a11y.env, windows: createLinuxWindowsDriver() });
    // Both apps must have registered with the bus before any test reads the whole desktop.
    await until('the page and the GTK program in the accessibility tree', 30_000, async () => {
      const shot = await driver.snapshot();
      return find(shot.elements, 'button', 'Delete account') && shot.elements.some((e) => e.window.app === 'gtk3-widget-factory') && shot.problem === null;
    });
  });

  after(async () => {
    // Every step runs even when one fails, so no bus or display outlives the file.
    gtk?.kill('SIGKILL');
    await chrome?.close().catch(() => undefined);
    server?.close();
    await a11y?.stop();
    await x?.stop();
  });

  /** Where the page's element `selector` is on the screen, from the DevTools protocol's own box model. */
  async function screenBox(selector: string): Promise<Rect> {
    const cdp = await chrome.page.context().newCDPSession(chrome.page);
    try {
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { model } = await cdp.send('DOM.getBoxModel', { nodeId });
      const [x1, y1, , , x3, y3] = model.border;
      // The window's frame is as wide at the sides as at the bottom; the rest of the height difference is the toolbar above the page.
      const origin = await chrome.page.evaluate(() => {
        const border = (window.outerWidth - window.innerWidth) / 2;
        return { x: window.screenX + border, y: window.screenY + window.outerHeight - window.innerHeight - border };
      });
      return { x: origin.x + (x1 ?? 0), y: origin.y + (y1 ?? 0), width: (x3 ?? 0) - (x1 ?? 0), height: (y3 ?? 0) - (y1 ?? 0) };
    } finally {
      await cdp.detach();
    }
  }

  function assertNear(actual: Rect, expected: Rect, what: string): void {
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      assert.ok(Math.abs(actual[key] - expected[key]) <= 2, `${what}: ${key} ${actual[key]} is not within 2 px of the box model's ${expected[key]} (${JSON.stringify(actual)} vs ${JSON.stringify(expected)})`);
    }
  }

  it('names the page elements with their roles and on-screen bounds', async () => {
    const shot = await driver.snapshot();
    assert.equal(shot.problem, null);
    const expected: [string, string, string][] = [
      ['button', 'Save changes', '#save'],
      ['button', 'Delete account', '#delete'],
      ['text field', 'Email address', '#email'],
      ['link', 'Help centre', '#help'],
      ['link', 'Privacy policy', '#privacy'],
    ];
    for (const [role, name, selector] of expected) {
      const e = find(shot.elements, role, name);
      assert.ok(e, `${role} "${name}" is listed (got ${shot.elements.map((el) => `${el.role} "${el.name}"`).join(', ')})`);
      assertNear(e.bounds, await screenBox(selector), `${role} "${name}"`);
      assert.equal(e.window.app, 'Chromium');
      assert.match(e.window.title, /Account settings/);
      assert.ok(e.window.pid > 0 && e.window.id, 'the element names its X window');
    }
    assert.equal(find(shot.elements, 'text field', 'Email address')?.value, 'a@example.com');
    assert.ok(find(shot.elements, 'text field', 'Email address')?.states.includes('editable'));
  });

  it('lists the rows visible in the scrolling list and not those scrolled out of it', async () => {
    const shot = await driver.snapshot({ window: 'Account settings' });
    assert.ok(find(shot.elements, 'link', 'Row 1'), 'the first row is listed');
    assert.equal(find(shot.elements, 'link', 'Row 40'), undefined, 'a row scrolled out of view is not listed');
  });

  it("lists the GTK program's widgets", async () => {
    const shot = await until('the GTK widget factory', 20_000, async () => {
      const s = await driver.snapshot({ window: 'gtk3-widget-factory' });
      return s.elements.length > 10 ? s : null;
    });
    assert.ok(shot.elements.some((e) => e.role === 'check box' && e.name === 'checkbutton'), 'a check box');
    assert.ok(shot.elements.some((e) => e.role === 'toggle button' && e.name === 'togglebutton'), 'a toggle button');
    assert.ok(shot.elements.some((e) => e.role === 'check box' && e.states.includes('checked')), 'a checked check box');
    assert.ok(shot.elements.some((e) => e.states.includes('disabled')), 'an insensitive widget is disabled');
    for (const e of shot.elements) {
      assert.ok(e.bounds.width > 0 && e.bounds.height > 0 && e.bounds.x + e.bounds.width > 0 && e.bounds.x < x.width && e.bounds.y < x.height, `${e.role} "${e.name}" is on screen`);
    }
  });

  it('finds the button under a point', async () => {
    // The GTK window may have been mapped above the page; the element at a point is the topmost window's.
    execFileSync('xdotool', ['search', '--name', 'Account settings', 'windowactivate', '--sync'], { env: x.env, timeout: 5000 });
    const box = await screenBox('#delete');
    const hit = await driver.elementAt({ x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) });
    assert.equal(hit?.role, 'button');
    assert.equal(hit?.name, 'Delete account');
  });

  it('finds the focused text field', async () => {
    await chrome.page.bringToFront();
    await chrome.page.focus('#email');
    const focused = await until('the focused field', 5000, async () => {
      const e = await driver.focusedElement();
      return e?.name === 'Email address' ? e : null;
    });
    assert.equal(focused.role, 'text field');
    assert.ok(focused.states.includes('focused'));
  });

  it('sees an element that appears after a delay in a later snapshot', async () => {
    assert.equal(find((await driver.snapshot({ window: 'Account settings' })).elements, 'button', 'Appeared later'), undefined);
    let events = 0;
    const unsubscribe = driver.onChange?.(() => events++);
    await chrome.page.evaluate(() => (window as unknown as { showLater(ms: number): void }).showLater(300));
    const appeared = await until('the delayed button', 5000, async () => find((await driver.snapshot({ window: 'Account settings' })).elements, 'button', 'Appeared later'));
    assertNear(appeared.bounds, await screenBox('#later button'), 'the delayed button');
    unsubscribe?.();
    assert.ok(events > 0, 'the tree change was announced as an event');
  });

  it('finds the bus from the root window when there is no session bus', async () => {
    const rootOnly = createLinuxAccessibilityDriver({ env: () => ({ PATH: process.env.PATH, DISPLAY: x.display }) });
    assert.ok(find((await rootOnly.snapshot()).elements, 'button', 'Delete account'));
  });

  it('says in one line that no bus runs, without throwing', async () => {
    const noBus = createLinuxAccessibilityDriver({ env: () => ({ PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }) });
    const shot = await noBus.snapshot();
    assert.deepEqual(shot.elements, []);
    assert.equal(shot.problem, NO_BUS);
    assert.ok(!shot.problem.includes('\n'));
    assert.equal(await noBus.focusedElement(), null);
    assert.equal(await noBus.elementAt({ x: 10, y: 10 }), null);
  });

  it('says which app exposes no tree when Chromium runs without accessibility', async () => {
    const plain = await openChromium(x.env, 'data:text/html,<title>No tree here</title><button>Invisible</button>', { width: 400, height: 300 }, { position: { x: 500, y: 350 } });
    try {
      const shot = await until('the treeless window to be listed', 10_000, async () => {
        const s = await driver.snapshot();
        return s.problem ? s : null;
      });
      assert.match(shot.problem ?? '', /^chromium exposes no accessibility tree: .*--force-renderer-accessibility/i);
      assert.ok(!(shot.problem ?? '').includes('\n'));
      assert.ok(find(shot.elements, 'button', 'Delete account'), 'the accessible window is still listed');
    } finally {
      await plain.close();
    }
  });
});
