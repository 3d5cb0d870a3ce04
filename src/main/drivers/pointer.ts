// Mouse moves, clicks, drags and scrolls through the driver child, checking the kill switch between steps and never leaving a button down.
import { setTimeout as sleep } from 'node:timers/promises';
import { sharedNativeHost, type NativeHost } from './nativeHost.js';
import type { ActionControl, MouseButton, Point, PointerDriver, ScrollDirection } from './types.js';

const DRAG_STEP_PX = 24;
const DRAG_MIN_STEPS = 8;
const DRAG_MAX_STEPS = 40;
// Apps coalesce motion events; a short pause per step lets them see a real drag path.
const DRAG_STEP_DELAY_MS = 8;
const CLICK_SETTLE_MS = 10;
// Well inside every toolkit's double-click time, yet a distinct press for each click.
const CLICK_GAP_MS = 30;
const SCROLL_NOTCH_DELAY_MS = 15;
const MAX_NOTCHES = 100;

function checkPoint(point: Point, what: string): Point {
  if (!point || !Number.isFinite(point.x) || !Number.isFinite(point.y)) {
    throw new Error(`The ${what} point must have finite x and y numbers, got ${JSON.stringify(point)}.`);
  }
  return { x: Math.round(point.x), y: Math.round(point.y) };
}

const BUTTONS: ReadonlySet<string> = new Set<MouseButton>(['left', 'right', 'middle']);
const DIRECTIONS: ReadonlySet<string> = new Set<ScrollDirection>(['up', 'down', 'left', 'right']);

function checkButton(button: MouseButton): void {
  if (!BUTTONS.has(button)) throw new Error(`Unknown mouse button "${String(button)}"; use left, right or middle.`);
}

export function createPointerDriver(host: NativeHost = sharedNativeHost()): PointerDriver {
  let placed: Point | null = null;
  const held = new Set<MouseButton>();

  async function place(to: Point, ctl?: ActionControl): Promise<void> {
    placed = null;
    placed = await host.call({ op: 'place', to }, 'moving the pointer', ctl?.signal);
  }

  async function press(button: MouseButton, ctl: ActionControl): Promise<void> {
    held.add(button);
    await host.call({ op: 'button', button, down: true }, `pressing the ${button} mouse button`, ctl.signal);
  }

  // No signal: a release must go out even after a stop.
  async function release(button: MouseButton): Promise<void> {
    await host.call({ op: 'button', button, down: false }, `releasing the ${button} mouse button`);
    held.delete(button);
  }

  async function clickAt(target: Point, button: MouseButton, clicks: number, ctl: ActionControl): Promise<void> {
    await place(target, ctl);
    // Apps see the pointer arrive before the button goes down, as with a hand on the mouse.
    await sleep(CLICK_SETTLE_MS);
    // No gate between the clicks of a double click: a pause there would split it into single clicks.
    for (let i = 0; i < clicks; i++) {
      if (i > 0) await sleep(CLICK_GAP_MS);
      try {
        await press(button, ctl);
      } finally {
        await release(button);
      }
    }
  }

  async function dragAlong(start: Point, end: Point, button: MouseButton, ctl: ActionControl): Promise<void> {
    await place(start, ctl);
    const distance = Math.hypot(end.x - start.x, end.y - start.y);
    const steps = Math.min(DRAG_MAX_STEPS, Math.max(DRAG_MIN_STEPS, Math.ceil(distance / DRAG_STEP_PX)));
    try {
      await press(button, ctl);
      for (let i = 1; i <= steps; i++) {
        await ctl.gate();
        const t = i / steps;
        await place({ x: Math.round(start.x + (end.x - start.x) * t), y: Math.round(start.y + (end.y - start.y) * t) }, ctl);
        await sleep(DRAG_STEP_DELAY_MS);
      }
    } finally {
      await release(button);
    }
  }

  return {
    position(): Promise<Point> {
      return host.call({ op: 'position' }, 'reading the pointer position');
    },

    async moveTo(to: Point, ctl: ActionControl): Promise<void> {
      const target = checkPoint(to, 'target');
      await ctl.gate();
      await place(target, ctl);
    },

    async click(at: Point, button: MouseButton, clicks: number, ctl: ActionControl): Promise<void> {
      const target = checkPoint(at, 'click');
      if (!Number.isInteger(clicks) || clicks < 1 || clicks > 3) throw new Error(`clicks must be 1, 2 or 3, got ${clicks}.`);
      checkButton(button);
      await ctl.gate();
      const unwatch = host.watch(ctl.signal);
      try {
        await clickAt(target, button, clicks, ctl);
      } finally {
        unwatch();
      }
    },

    async drag(from: Point, to: Point, button: MouseButton, ctl: ActionControl): Promise<void> {
      const start = checkPoint(from, 'drag start');
      const end = checkPoint(to, 'drag end');
      checkButton(button);
      await ctl.gate();
      const unwatch = host.watch(ctl.signal);
      try {
        await dragAlong(start, end, button, ctl);
      } finally {
        unwatch();
      }
    },
    async scroll(at: Point | undefined, direction: ScrollDirection, notches: number, ctl: ActionControl): Promise<void> {
      const target = at === undefined ? undefined : checkPoint(at, 'scroll');
      if (!Number.isInteger(notches) || notches < 1 || notches > MAX_NOTCHES) {
        throw new Error(`The scroll amount must be a whole number from 1 to ${MAX_NOTCHES}, got ${notches}.`);
      }
      if (!DIRECTIONS.has(direction)) throw new Error(`Unknown scroll direction "${String(direction)}"; use up, down, left or right.`);
      await ctl.gate();
      if (target) await place(target, ctl);
      for (let i = 0; i < notches; i++) {
        if (i > 0) {
          await sleep(SCROLL_NOTCH_DELAY_MS);
          await ctl.gate();
        }
        await host.call({ op: 'scroll', direction }, `scrolling ${direction}`, ctl.signal);
      }
    },

    async releaseAll(): Promise<void> {
      for (const button of [...held]) await release(button);
    },

    lastPlaced(): Point | null {
      return placed;
    },
  };
}
