// The accessibility tree on Linux: AT-SPI2 over D-Bus, one Collection query per showing window and pipelined property calls.
import type { AccessibilityDriver, AccessibilitySnapshot, ElementInfo, Point, Rect, WindowInfo, WindowsDriver } from '../types.js';
import { runProgram } from '../runProgram.js';
import { AtspiBus, AtspiTimeoutError, Deadline, findAccessibilityBus, NO_BUS, type ObjectRef } from './atspiBus.js';
import {
  bitArray,
  hasState,
  INTERACTIVE_ROLES,
  OTHER_ROLES,
  NUMERIC_VALUE_ROLES,
  ROLE_PASSWORD,
  ROLE_SCROLL_BAR,
  ROLE_SCROLL_PANE,
  ROLE_TEXT,
  STATE,
  stateWords,
  TEXT_VALUE_ROLES,
} from './atspiRoles.js';

const ACCESSIBLE = 'org.a11y.atspi.Accessible';
const REGISTRY_ROOT: ObjectRef = ['org.a11y.atspi.Registry', '/org/a11y/atspi/accessible/root'];
const MATCH_RULE_SIGNATURE = '(aiia{ss}iaiiasib)uib';
const MATCH_ALL = 1;
const MATCH_ANY = 2;
const SORT_CANONICAL = 1;
const COORDS_SCREEN = 0;
const NAME_CAP = 200;
const VALUE_CAP = 200;
/** Chromium and Electron apps (by X window class) stay off the accessibility bus unless asked. */
const CHROMIUM_APPS = /chrom|electron|code|slack|discord|teams|signal|obsidian/i;

export interface LinuxAccessibilityOptions {
  /** Read at each call, so a test can point it at its own buses. */
  env?: () => NodeJS.ProcessEnv;
  /** Names windows (ids, focus) and finds the ones whose app exposes no tree. */
  windows?: WindowsDriver;
  /** The budget for one snapshot; a hung app costs at most this. */
  timeoutMs?: number;
}

const DESKTOP_TTL_MS = 5000;

/** The X root window's size (AT-SPI's own desktop object reports a stale 1024x768), so off-screen elements can be dropped. */
function desktopBoundsReader(env: () => NodeJS.ProcessEnv): () => Promise<Rect | null> {
  let cached: { display: string; at: number; bounds: Rect | null } | null = null;
  return async () => {
    const display = env().DISPLAY ?? '';
    if (!display) return null;
    if (cached && cached.display === display && Date.now() - cached.at < DESKTOP_TTL_MS) return cached.bounds;
    const output = await runProgram('xwininfo', ['-root'], { env: env(), timeoutMs: 1000 }).catch(() => null);
    const text = output?.stdout.slice(0, 4000) ?? '';
    const width = Number(/Width: (\d{1,6})/.exec(text)?.[1]);
    const height = Number(/Height: (\d{1,6})/.exec(text)?.[1]);
    const bounds = width > 0 && height > 0 ? { x: 0, y: 0, width, height } : null;
    cached = { display, at: Date.now(), bounds };
    return bounds;
  };
}

/** One showing top-level window of an app, as AT-SPI sees it. */
interface Frame {
  ref: ObjectRef;
  title: string;
  app: string;
  pid: number;
  active: boolean;
  bounds: Rect;
}

/** What the app's own cache says of an object: role, name, states, interfaces. */
interface CachedItem {
  role: number;
  name: string;
  states: number[];
  interfaces: string[];
}

type CacheItemWire = [ObjectRef, ObjectRef, ObjectRef, number, number, string[], string, number, string, number[]];

function isRect(value: unknown): value is [number, number, number, number] {
  return Array.isArray(value) && value.length === 4 && value.every((v) => typeof v === 'number');
}

function toRect(value: unknown): Rect {
  if (!isRect(value)) return { x: 0, y: 0, width: 0, height: 0 };
  const [x, y, width, height] = value;
  return { x, y, width, height };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function intersection(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

function contains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.y >= r.y && p.x < r.x + r.width && p.y < r.y + r.height;
}

function cap(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function words(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
}

/** The Collection rule: showing, visible objects with one of the interactive roles. */
function interactiveRule(): unknown[] {
  return [bitArray([STATE.showing, STATE.visible], 2), MATCH_ALL, {}, MATCH_ALL, bitArray(INTERACTIVE_ROLES.keys(), 5), MATCH_ANY, [], MATCH_ALL, false];
}

function focusedRule(): unknown[] {
  return [bitArray([STATE.focused], 2), MATCH_ALL, {}, MATCH_ALL, bitArray([], 5), MATCH_ANY, [], MATCH_ALL, false];
}

function matchesWindow(frame: Frame, filter: string | undefined): boolean {
  if (!filter) return true;
  const needle = filter.toLowerCase();
  return frame.title.toLowerCase().includes(needle) || frame.app.toLowerCase().includes(needle);
}

function appDisplayName(window: WindowInfo): string {
  return window.app || `process ${window.pid}`;
}

export function createLinuxAccessibilityDriver(options: LinuxAccessibilityOptions = {}): AccessibilityDriver {
  const env = options.env ?? (() => process.env);
  const timeoutMs = options.timeoutMs ?? 2000;
  let connection: { address: string; bus: AtspiBus } | null = null;
  const desktopBounds = desktopBoundsReader(env);

  async function bus(deadline: Deadline): Promise<AtspiBus | null> {
    // A live connection is still the bus: when the bus goes, the connection errors and the next call looks again.
    if (connection?.bus.alive) return connection.bus;
    const address = await findAccessibilityBus(env(), Math.min(1000, deadline.remaining()));
    if (!address) {
      connection?.bus.close();
      connection = null;
      return null;
    }
    connection?.bus.close();
    connection = null;
    try {
      connection = { address, bus: await AtspiBus.connect(address, Math.min(1000, deadline.remaining())) };
    } catch {
      return null;
    }
    if (changeListeners.size > 0) follow(connection.bus);
    return connection.bus;
  }

  /** The app's cache of its objects (at-spi2-atk and Chromium keep one): every role, name and state in one call. */
  async function appCache(atspi: AtspiBus, busName: string, deadline: Deadline): Promise<Map<string, CachedItem> | null> {
    try {
      const [items] = await atspi.call([busName, '/org/a11y/atspi/cache'], 'org.a11y.atspi.Cache', 'GetItems', deadline);
      if (!Array.isArray(items)) return null;
      const cache = new Map<string, CachedItem>();
      for (const item of items as CacheItemWire[]) {
        cache.set(item[0][1], { role: item[7], name: item[6], states: words(item[9]), interfaces: item[5] });
      }
      return cache;
    } catch (error) {
      if (error instanceof AtspiTimeoutError || deadline.signal?.aborted) throw error;
      return null;
    }
  }

  async function framesOf(atspi: AtspiBus, app: ObjectRef, deadline: Deadline): Promise<Frame[]> {
    const [busName] = app;
    const [[children], appName, pid] = await Promise.all([
      atspi.call(app, ACCESSIBLE, 'GetChildren', deadline),
      atspi.property(app, ACCESSIBLE, 'Name', deadline),
      atspi.pidOf(busName, deadline).catch(() => 0),
    ]);
    const refs = Array.isArray(children) ? (children as ObjectRef[]) : [];
    const frames = await Promise.all(
      refs.map(async (ref): Promise<Frame | null> => {
        const [[state], title, [extents]] = await Promise.all([
          atspi.call(ref, ACCESSIBLE, 'GetState', deadline),
          atspi.property(ref, ACCESSIBLE, 'Name', deadline),
          atspi.call(ref, 'org.a11y.atspi.Component', 'GetExtents', deadline, 'u', [COORDS_SCREEN]),
        ]);
        const states = words(state);
        const bounds = toRect(extents);
        if (!hasState(states, STATE.showing) || bounds.width <= 0 || bounds.height <= 0) return null;
        return {
          ref,
          title: typeof title === 'string' ? title : '',
          app: typeof appName === 'string' ? appName : '',
          pid,
          active: hasState(states, STATE.active),
          bounds,
        };
      }),
    );
    return frames.filter((f): f is Frame => f !== null);
  }

  /** Role, name and states of one object: from the app's cache when it has it, else three calls at once. */
  async function describe(atspi: AtspiBus, ref: ObjectRef, cache: Map<string, CachedItem> | null, deadline: Deadline): Promise<CachedItem> {
    const cached = cache?.get(ref[1]);
    if (cached) return cached;
    const [[role], name, [states]] = await Promise.all([
      atspi.call(ref, ACCESSIBLE, 'GetRole', deadline),
      atspi.property(ref, ACCESSIBLE, 'Name', deadline),
      atspi.call(ref, ACCESSIBLE, 'GetState', deadline),
    ]);
    return { role: typeof role === 'number' ? role : 0, name: typeof name === 'string' ? name : '', states: words(states), interfaces: [] };
  }

  /** Scroll position in percent from a Value interface (a scroll bar's). */
  async function percentOf(atspi: AtspiBus, ref: ObjectRef, deadline: Deadline): Promise<number | undefined> {
    const [current, min, max] = await Promise.all(
      ['CurrentValue', 'MinimumValue', 'MaximumValue'].map((name) => atspi.property(ref, 'org.a11y.atspi.Value', name, deadline)),
    );
    if (typeof current !== 'number' || typeof min !== 'number' || typeof max !== 'number' || max <= min) return undefined;
    return Math.round(((current - min) / (max - min)) * 100);
  }

  async function scrollOf(atspi: AtspiBus, ref: ObjectRef, role: number, states: number[], deadline: Deadline): Promise<ElementInfo['scroll']> {
    const bars: { ref: ObjectRef; horizontal: boolean }[] = [];
    if (role === ROLE_SCROLL_BAR) bars.push({ ref, horizontal: hasState(states, STATE.horizontal) });
    else {
      const [children] = await atspi.call(ref, ACCESSIBLE, 'GetChildren', deadline);
      for (const child of Array.isArray(children) ? (children as ObjectRef[]) : []) {
        const [[childRole], [childStates]] = await Promise.all([atspi.call(child, ACCESSIBLE, 'GetRole', deadline), atspi.call(child, ACCESSIBLE, 'GetState', deadline)]);
        if (childRole === ROLE_SCROLL_BAR) bars.push({ ref: child, horizontal: hasState(words(childStates), STATE.horizontal) });
      }
    }
    const scroll: NonNullable<ElementInfo['scroll']> = {};
    for (const bar of bars) {
      const percent = await percentOf(atspi, bar.ref, deadline).catch(() => undefined);
      if (percent === undefined) continue;
      if (bar.horizontal) scroll.horizontal = percent;
      else scroll.vertical = percent;
    }
    return scroll.horizontal === undefined && scroll.vertical === undefined ? undefined : scroll;
  }

  async function valueOf(atspi: AtspiBus, ref: ObjectRef, item: CachedItem, deadline: Deadline): Promise<string | undefined> {
    if (item.role === ROLE_PASSWORD) return undefined;
    const offers = (iface: string): boolean => item.interfaces.length === 0 || item.interfaces.includes(iface);
    if (TEXT_VALUE_ROLES.has(item.role) && offers('org.a11y.atspi.Text')) {
      const [text] = await atspi.call(ref, 'org.a11y.atspi.Text', 'GetText', deadline, 'ii', [0, -1]).catch(() => [undefined]);
      return typeof text === 'string' && text ? cap(text, VALUE_CAP) : undefined;
    }
    if (NUMERIC_VALUE_ROLES.has(item.role) && offers('org.a11y.atspi.Value')) {
      const current = await atspi.property(ref, 'org.a11y.atspi.Value', 'CurrentValue', deadline).catch(() => undefined);
      return typeof current === 'number' ? String(Math.round(current * 100) / 100) : undefined;
    }
    return undefined;
  }

  /** One element, or null when it is not one to list (an uneditable text, zero size, outside its window). */
  async function element(
    atspi: AtspiBus,
    ref: ObjectRef,
    clip: Rect,
    window: ElementInfo['window'],
    cache: Map<string, CachedItem> | null,
    deadline: Deadline,
  ): Promise<ElementInfo | null> {
    const [item, [extents]] = await Promise.all([describe(atspi, ref, cache, deadline), atspi.call(ref, 'org.a11y.atspi.Component', 'GetExtents', deadline, 'u', [COORDS_SCREEN])]);
    const role = INTERACTIVE_ROLES.get(item.role);
    if (!role) return null;
    if (item.role === ROLE_TEXT && !hasState(item.states, STATE.editable)) return null;
    const bounds = toRect(extents);
    if (bounds.width <= 0 || bounds.height <= 0 || !overlaps(bounds, clip)) return null;
    const scrollable = item.role === ROLE_SCROLL_PANE || item.role === ROLE_SCROLL_BAR;
    const [value, scroll] = await Promise.all([
      valueOf(atspi, ref, item, deadline),
      scrollable ? scrollOf(atspi, ref, item.role, item.states, deadline).catch(() => undefined) : undefined,
    ]);
    return {
      role,
      name: cap(item.name, NAME_CAP),
      ...(value === undefined ? {} : { value }),
      states: stateWords(item.states, item.role),
      bounds,
      window,
      ...(scroll ? { scroll } : {}),
    };
  }

  /** The X window that is this AT-SPI frame: same process, same title (else same process and overlapping). */
  function windowFor(frame: Frame, windows: WindowInfo[]): ElementInfo['window'] {
    const same = windows.filter((w) => w.pid === frame.pid);
    const match = same.find((w) => w.title === frame.title) ?? same.find((w) => overlaps(w.bounds, frame.bounds));
    return { ...(match ? { id: match.id } : {}), title: frame.title || match?.title || '', app: frame.app || match?.app || '', pid: frame.pid };
  }

  async function listWindows(): Promise<WindowInfo[]> {
    if (!options.windows) return [];
    return options.windows.list().catch(() => []);
  }

  interface Gathered {
    frames: Frame[];
    slow: string[];
  }

  async function gatherFrames(atspi: AtspiBus, deadline: Deadline): Promise<Gathered> {
    const [apps] = await atspi.call(REGISTRY_ROOT, ACCESSIBLE, 'GetChildren', deadline);
    const slow: string[] = [];
    const perApp = await Promise.all(
      (Array.isArray(apps) ? (apps as ObjectRef[]) : []).map(async (app) => {
        try {
          return await framesOf(atspi, app, deadline);
        } catch (error) {
          if (deadline.signal?.aborted) throw error;
          if (error instanceof AtspiTimeoutError) slow.push(app[0]);
          return [];
        }
      }),
    );
    return { frames: perApp.flat(), slow };
  }

  async function snapshot(opts: { window?: string; signal?: AbortSignal } = {}): Promise<AccessibilitySnapshot> {
    const deadline = new Deadline(timeoutMs, opts.signal);
    const atspi = await bus(deadline);
    if (!atspi) return { elements: [], problem: NO_BUS };
    const [{ frames, slow }, windows, desktop] = await Promise.all([gatherFrames(atspi, deadline), listWindows(), desktopBounds()]);
    // One cache read per app, shared by its windows.
    const caches = new Map<string, Promise<Map<string, CachedItem> | null>>();
    const focusedWindow = windows.find((w) => w.focused);
    const isFocused = (f: Frame): boolean => (focusedWindow ? f.pid === focusedWindow.pid && f.title === focusedWindow.title : f.active);
    const wanted = frames.filter((f) => matchesWindow(f, opts.window)).sort((a, b) => Number(isFocused(b)) - Number(isFocused(a)));
    const slowApps = new Set<string>(slow);
    const perFrame = await Promise.all(
      wanted.map(async (frame) => {
        try {
          const busName = frame.ref[0];
          const cachePromise = caches.get(busName) ?? appCache(atspi, busName, deadline);
          caches.set(busName, cachePromise);
          const [[matches], cache] = await Promise.all([
            atspi.call(frame.ref, 'org.a11y.atspi.Collection', 'GetMatches', deadline, MATCH_RULE_SIGNATURE, [interactiveRule(), SORT_CANONICAL, 0, true]),
            cachePromise,
          ]);
          const refs = Array.isArray(matches) ? (matches as ObjectRef[]) : [];
          const window = windowFor(frame, windows);
          const clip = desktop ? intersection(frame.bounds, desktop) : frame.bounds;
          const elements = await Promise.all(refs.map((ref) => element(atspi, ref, clip, window, cache, deadline).catch(() => null)));
          return { frame, elements: elements.filter((e): e is ElementInfo => e !== null) };
        } catch (error) {
          if (deadline.signal?.aborted) throw error;
          slowApps.add(frame.app || frame.ref[0]);
          return { frame, elements: [] };
        }
      }),
    );
    const elements = perFrame.flatMap((f) => f.elements);
    const problems: string[] = [];
    if (slowApps.size > 0) problems.push(`${[...slowApps].join(', ')} did not answer the accessibility bus within ${timeoutMs} ms, so ${slowApps.size === 1 ? 'its' : 'their'} elements are missing; the app may be busy or hung.`);
    const treeless = treelessApps(frames, windows, opts.window);
    if (treeless) problems.push(treeless);
    return { elements, problem: problems.length > 0 ? problems.join(' ') : null };
  }

  /** Windows whose process never registered with the bus: Chromium and Electron stay off it unless asked. */
  function treelessApps(frames: Frame[], windows: WindowInfo[], filter: string | undefined): string | null {
    const knownPids = new Set(frames.map((f) => f.pid));
    const needle = filter?.toLowerCase();
    const unregistered = windows.filter((w) => w.pid > 0 && !knownPids.has(w.pid) && (!needle || `${w.title}\n${w.app}`.toLowerCase().includes(needle)));
    const chromium = new Set(unregistered.filter((w) => CHROMIUM_APPS.test(w.app)).map(appDisplayName));
    if (chromium.size > 0) {
      return `${[...chromium].join(', ')} ${chromium.size === 1 ? 'exposes' : 'expose'} no accessibility tree: Chromium and Electron apps expose one only when started with --force-renderer-accessibility (or with ACCESSIBILITY_ENABLED=1 in their environment); restart the app that way, or use screenshots and coordinates for it.`;
    }
    const others = [...new Set(unregistered.map(appDisplayName))];
    if (others.length === 0) return null;
    const named = others.length > 5 ? `${others.slice(0, 5).join(', ')} and ${others.length - 5} more` : others.join(', ');
    return `${named} ${others.length === 1 ? 'does' : 'do'} not expose an accessibility tree, so ${others.length === 1 ? 'its' : 'their'} elements are not listed; use screenshots and coordinates there.`;
  }

  async function focusedElement(): Promise<ElementInfo | null> {
    const deadline = new Deadline(timeoutMs);
    const atspi = await bus(deadline);
    if (!atspi) return null;
    const [{ frames }, windows] = await Promise.all([gatherFrames(atspi, deadline), listWindows()]);
    const focusedWindow = windows.find((w) => w.focused);
    const ordered = [...frames].sort((a, b) => {
      const score = (f: Frame): number => (focusedWindow && f.pid === focusedWindow.pid && f.title === focusedWindow.title ? 2 : 0) + (f.active ? 1 : 0);
      return score(b) - score(a);
    });
    for (const frame of ordered) {
      const [matches] = await atspi
        .call(frame.ref, 'org.a11y.atspi.Collection', 'GetMatches', deadline, MATCH_RULE_SIGNATURE, [focusedRule(), SORT_CANONICAL, 0, true])
        .catch(() => [[]]);
      const refs = Array.isArray(matches) ? (matches as ObjectRef[]) : [];
      // The deepest focused object is the last in canonical order (a focused frame contains its focused field).
      for (const ref of [...refs].reverse()) {
        const item = await describe(atspi, ref, null, deadline).catch(() => null);
        if (!item) continue;
        const [extents] = await atspi.call(ref, 'org.a11y.atspi.Component', 'GetExtents', deadline, 'u', [COORDS_SCREEN]).catch(() => [undefined]);
        const value = await valueOf(atspi, ref, item, deadline).catch(() => undefined);
        return {
          role: INTERACTIVE_ROLES.get(item.role) ?? OTHER_ROLES.get(item.role) ?? 'element',
          name: cap(item.name, NAME_CAP),
          ...(value === undefined ? {} : { value }),
          states: stateWords(item.states, item.role),
          bounds: toRect(extents),
          window: windowFor(frame, windows),
        };
      }
    }
    return null;
  }

  async function elementAt(point: Point): Promise<ElementInfo | null> {
    const [shot, top] = await Promise.all([snapshot(), options.windows?.at(point).catch(() => null) ?? Promise.resolve(null)]);
    const under = shot.elements.filter((e) => contains(e.bounds, point) && (!top || e.window.id === undefined || e.window.id === top.id));
    // The deepest element is the smallest box around the point.
    under.sort((a, b) => a.bounds.width * a.bounds.height - b.bounds.width * b.bounds.height);
    return under[0] ?? null;
  }

  /** Subscribes on the current bus connection, and again whenever the driver connects anew. */
  const changeListeners = new Set<() => void>();
  let subscribedBus: AtspiBus | null = null;
  let unsubscribeBus: (() => void) | null = null;
  function follow(atspi: AtspiBus): void {
    if (subscribedBus === atspi) return;
    unsubscribeBus?.();
    subscribedBus = atspi;
    unsubscribeBus = atspi.onEvent(() => {
      for (const listener of changeListeners) listener();
    });
  }

  function onChange(listener: () => void): () => void {
    changeListeners.add(listener);
    if (connection?.bus.alive) follow(connection.bus);
    else void bus(new Deadline(timeoutMs)).then((atspi) => atspi && follow(atspi)).catch(() => undefined);
    return () => changeListeners.delete(listener);
  }

  return { snapshot, elementAt, focusedElement, onChange };
}
