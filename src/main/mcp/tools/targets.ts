// What an input call acts on: the window under its point (every point of a drag) or holding the focus, and whether it is Chaperone's own.
import type { TargetCheck } from '../../core/types.js';
import type { ElementInfo, Point, WindowInfo } from '../../drivers/types.js';
import { contains, findWindowByName } from '../../drivers/windowSearch.js';
import type { ActionTarget, TargetWindow } from '../../../shared/target.js';
import { peekPointOf, type Spot } from './spots.js';
import type { ToolEnv } from './toolDefinition.js';

// Drags are checked at points this far apart along the path, as fine as the pointer driver's own steps.
const DRAG_SAMPLE_PX = 16;

function named(window: WindowInfo | null): TargetWindow | null {
  return window ? { id: window.id, title: window.title, app: window.app, pid: window.pid } : null;
}

function why(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Points along the straight path from `from` to `to`, both ends included. */
export function pathPoints(from: Point, to: Point): Point[] {
  const steps = Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / DRAG_SAMPLE_PX));
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) points.push({ x: Math.round(from.x + ((to.x - from.x) * i) / steps), y: Math.round(from.y + ((to.y - from.y) * i) / steps) });
  return points;
}

// Naming the element under a point must not hold a call: past this, the target names the window alone.
const ELEMENT_LOOKUP_MS = 300;

async function elementNear(env: ToolEnv, point: Point): Promise<ElementInfo | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ELEMENT_LOOKUP_MS)));
  try {
    return await Promise.race([env.drivers.accessibility.elementAt(point).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The window (and element) under a pointer action; `spots` is one spot, or the two ends of a drag, whose whole path is
 * checked. Spots that cannot be placed are left to the action itself, which answers with the reason.
 */
export async function pointerTarget(env: ToolEnv, spots: Spot[]): Promise<TargetCheck> {
  const first = spots[0] as Spot;
  let ends: { point: Point; element?: ElementInfo }[];
  try {
    ends = await Promise.all(spots.map((spot) => peekPointOf(env, spot)));
  } catch (error) {
    return { target: { window: null, point: first.point, unknown: why(error) } };
  }
  const desktop = ends.map((end) => end.point);
  const points = desktop.length === 2 ? pathPoints(desktop[0] as Point, desktop[1] as Point) : desktop;
  let tops: (WindowInfo | null)[];
  let known = true;
  let unknown: string | undefined;
  try {
    if (points.length === 1) tops = [await env.drivers.windows.at(points[0] as Point)];
    else {
      const windows = await env.drivers.windows.list();
      tops = points.map((point) => windows.find((w) => contains(w.bounds, point)) ?? null);
    }
  } catch (error) {
    known = false;
    unknown = `The window under the point is not known: ${why(error)}`;
    tops = points.map(() => null);
  }
  for (const [i, point] of points.entries()) {
    const refusal = env.ownWindows.pointRefusal(point, tops[i] ?? null, known);
    if (refusal) return { target: { window: named(tops[i] ?? null), point: first.point }, refusal };
  }
  const target: ActionTarget = { window: named(tops[0] ?? null), point: first.point };
  const element = ends[0]?.element ?? (await elementNear(env, desktop[0] as Point));
  if (element) target.element = { role: element.role, name: element.name };
  if (unknown) target.unknown = unknown;
  return { target };
}

/** The window under the cursor, for a scroll where the pointer is. */
export async function pointerAtCursor(env: ToolEnv): Promise<TargetCheck> {
  let point: Point;
  let top: WindowInfo | null;
  try {
    point = await env.drivers.pointer.position();
    top = await env.drivers.windows.at(point);
  } catch (error) {
    return { target: { window: null, unknown: `The window under the pointer is not known: ${why(error)}` } };
  }
  const refusal = env.ownWindows.pointRefusal(point, top, true) ?? undefined;
  return { target: { window: named(top) }, refusal };
}

/** The window holding the keyboard focus, for key and typing calls. */
export async function focusTarget(env: ToolEnv): Promise<TargetCheck> {
  let focused: WindowInfo | null;
  try {
    focused = await env.drivers.windows.focused();
  } catch (error) {
    const refusal = env.ownWindows.focusRefusal(null) ?? undefined;
    return { target: { window: null, unknown: `The focused window is not known: ${why(error)}` }, refusal };
  }
  const refusal = env.ownWindows.focusRefusal(focused) ?? undefined;
  return { target: { window: named(focused) }, refusal };
}

/** The window `app focus` or `app close` would pick by `name`. */
export async function namedWindowTarget(env: ToolEnv, name: string, verb: string): Promise<TargetCheck> {
  let window: WindowInfo;
  try {
    window = findWindowByName(await env.drivers.windows.list(), name);
  } catch (error) {
    return { target: { window: null, unknown: why(error) } };
  }
  if (!env.ownWindows.isOwn(window)) return { target: { window: named(window) } };
  return {
    target: { window: named(window) },
    refusal: `Chaperone will not ${verb} "${window.title}": it is Chaperone's own window. An agent may not operate Chaperone's own controls; only the person does.`,
  };
}
