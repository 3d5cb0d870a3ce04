// Mouse moves, clicks, drags and scrolls through nut-js, checking the kill switch between steps and never leaving a button down.
import { setTimeout as sleep } from 'node:timers/promises';
import { requireDesktop } from './desktopProbe.js';
import type { NutJs } from './nutjs.js';
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

function nutButton(nut: NutJs, button: MouseButton) {
  switch (button) {
    case 'left':
      return nut.Button.LEFT;
    case 'right':
      return nut.Button.RIGHT;
    case 'middle':
      return nut.Button.MIDDLE;
    default:
      throw new Error(`Unknown mouse button "${String(button)}"; use left, right or middle.`);
  }
}

export function createPointerDriver(): PointerDriver {
  let placed: Point | null = null;
  const held = new Set<MouseButton>();

  async function place(nut: NutJs, to: Point): Promise<void> {
    placed = null;
    await nut.mouse.setPosition(new nut.Point(to.x, to.y));
    const landed = await nut.mouse.getPosition();
    placed = { x: landed.x, y: landed.y };
  }

  async function press(nut: NutJs, button: MouseButton): Promise<void> {
    held.add(button);
    await nut.mouse.pressButton(nutButton(nut, button));
  }

  async function release(nut: NutJs, button: MouseButton): Promise<void> {
    await nut.mouse.releaseButton(nutButton(nut, button));
    held.delete(button);
  }

  return {
    async position(): Promise<Point> {
      const nut = await requireDesktop();
      const at = await nut.mouse.getPosition();
      return { x: at.x, y: at.y };
    },

    async moveTo(to: Point, ctl: ActionControl): Promise<void> {
      const target = checkPoint(to, 'target');
      const nut = await requireDesktop();
      await ctl.gate();
      await place(nut, target);
    },

    async click(at: Point, button: MouseButton, clicks: number, ctl: ActionControl): Promise<void> {
      const target = checkPoint(at, 'click');
      if (!Number.isInteger(clicks) || clicks < 1 || clicks > 3) throw new Error(`clicks must be 1, 2 or 3, got ${clicks}.`);
      const nut = await requireDesktop();
      nutButton(nut, button);
      await ctl.gate();
      await place(nut, target);
      // Apps see the pointer arrive before the button goes down, as with a hand on the mouse.
      await sleep(CLICK_SETTLE_MS);
      // No gate between the clicks of a double click: a pause there would split it into single clicks.
      for (let i = 0; i < clicks; i++) {
        if (i > 0) await sleep(CLICK_GAP_MS);
        try {
          await press(nut, button);
        } finally {
          await release(nut, button);
        }
      }
    },

    async drag(from: Point, to: Point, button: MouseButton, ctl: ActionControl): Promise<void> {
      const start = checkPoint(from, 'drag start');
      const end = checkPoint(to, 'drag end');
      const nut = await requireDesktop();
      nutButton(nut, button);
      await ctl.gate();
      await place(nut, start);
      const distance = Math.hypot(end.x - start.x, end.y - start.y);
      const steps = Math.min(DRAG_MAX_STEPS, Math.max(DRAG_MIN_STEPS, Math.ceil(distance / DRAG_STEP_PX)));
      try {
        await press(nut, button);
        for (let i = 1; i <= steps; i++) {
          await ctl.gate();
          const t = i / steps;
          await place(nut, { x: Math.round(start.x + (end.x - start.x) * t), y: Math.round(start.y + (end.y - start.y) * t) });
          await sleep(DRAG_STEP_DELAY_MS);
        }
      } finally {
        await release(nut, button);
      }
    },

    async scroll(at: Point | undefined, direction: ScrollDirection, notches: number, ctl: ActionControl): Promise<void> {
      const target = at === undefined ? undefined : checkPoint(at, 'scroll');
      if (!Number.isInteger(notches) || notches < 1 || notches > MAX_NOTCHES) {
        throw new Error(`The scroll amount must be a whole number from 1 to ${MAX_NOTCHES}, got ${notches}.`);
      }
      const nut = await requireDesktop();
      const scrollOne: Record<ScrollDirection, () => Promise<unknown>> = {
        up: () => nut.mouse.scrollUp(1),
        down: () => nut.mouse.scrollDown(1),
        left: () => nut.mouse.scrollLeft(1),
        right: () => nut.mouse.scrollRight(1),
      };
      const notch = scrollOne[direction];
      if (!notch) throw new Error(`Unknown scroll direction "${String(direction)}"; use up, down, left or right.`);
      await ctl.gate();
      if (target) await place(nut, target);
      for (let i = 0; i < notches; i++) {
        if (i > 0) {
          await sleep(SCROLL_NOTCH_DELAY_MS);
          await ctl.gate();
        }
        await notch();
      }
    },

    async releaseAll(): Promise<void> {
      if (held.size === 0) return;
      const nut = await requireDesktop();
      for (const button of [...held]) await release(nut, button);
    },

    lastPlaced(): Point | null {
      return placed;
    },
  };
}
