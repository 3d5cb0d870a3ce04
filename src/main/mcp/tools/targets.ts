// What an input call acts on: the window under its point (every point of a drag) or holding the focus, and whether it is Chaperone's own.
import type { TargetCheck } from '../../core/types.js';
import type { Point, WindowInfo } from '../../drivers/types.js';
import { contains, findWindowByName } from '../../drivers/windowSearch.js';
import type { ActionTarget, TargetWindow } from '../../../shared/target.js';
import { pointOnScreen } from '../screenSpaceState.js';
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

/**
 * The window under a pointer action; `path` (screenshot space) is one point, or the ends of a drag. Off-screen points are
 * left to the action itself, which answers with the valid range.
 */
export async function pointerTarget(env: ToolEnv, path: Point[]): Promise<TargetCheck> {
  const first = path[0] as Point;
  let desktop: Point[];
  try {
    const space = await env.screenSpace.peek(env.drivers.screen);
    desktop = path.map((point) => pointOnScreen(space, point));
  } catch (error) {
    return { target: { window: null, point: first, unknown: why(error) } };
  }
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
    if (refusal) return { target: { window: named(tops[i] ?? null), point: first }, refusal };
  }
  const target: ActionTarget = { window: named(tops[0] ?? null), point: first };
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
