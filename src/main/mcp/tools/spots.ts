// Where a pointer action lands: screenshot coordinates, or the id of an element from the session's latest element list.
import { z } from 'zod';
import type { ElementInfo, Point } from '../../drivers/types.js';
import { pointOnScreen, screenCoordinate } from '../screenSpaceState.js';
import type { ToolEnv } from './toolDefinition.js';
import { ToolInputError } from './toolOutput.js';

export const elementId = z
  .string()
  .regex(/^e\d{1,7}$/, 'an element id looks like "e17": take it from the list desktop_state or find gave')
  .describe('An element id from your latest desktop_state or find list, e.g. "e17", in place of x and y: acts at its centre.');

export interface Spot {
  point?: Point;
  element?: string;
}

export const spotShape = {
  x: screenCoordinate.optional().describe('Screenshot x (give with y), or use element.'),
  y: screenCoordinate.optional().describe('Screenshot y (give with x), or use element.'),
  element: elementId.optional(),
};

export const spotSchema = z.object(spotShape);

/** The spot an input names, or a sentence saying what is wrong; `optional` allows neither. */
export function readSpot(input: { x?: number; y?: number; element?: string }, what: string, optional = false): Spot | undefined | string {
  const { x, y, element } = input;
  if (element !== undefined) {
    if (x !== undefined || y !== undefined) return `Give ${what} either an element id or x and y, not both.`;
    return { element };
  }
  if (x !== undefined && y !== undefined) return { point: { x, y } };
  if (x !== undefined || y !== undefined) return `Give both x and y for ${what}, or an element id.`;
  return optional ? undefined : `Give ${what} as x and y (screenshot pixels) or as an element id from desktop_state or find.`;
}

export function spotWords(spot: Spot): string {
  return spot.element !== undefined ? `element ${spot.element}` : `(${spot.point?.x}, ${spot.point?.y})`;
}

/** The desktop pixel a spot lands on, checked now: coordinates against the screenshot, an element against the screen. */
export async function desktopPointOf(env: ToolEnv, spot: Spot, label?: string): Promise<{ point: Point; element?: ElementInfo }> {
  if (spot.element !== undefined) return env.elements.pointOf(spot.element);
  if (!spot.point) throw new ToolInputError('No point was given.');
  return { point: pointOnScreen(await env.screenSpace.current(env.drivers.screen), spot.point, label) };
}

/** The desktop pixel a spot names, without the checks (for the target and the preview, which must not fail the call). */
export async function peekPointOf(env: ToolEnv, spot: Spot): Promise<{ point: Point; element?: ElementInfo }> {
  if (spot.element !== undefined) {
    const element = env.elements.peek(spot.element);
    if (!element) throw new ToolInputError(`There is no element "${spot.element}" in your latest element list.`);
    return { point: { x: Math.round(element.bounds.x + element.bounds.width / 2), y: Math.round(element.bounds.y + element.bounds.height / 2) }, element };
  }
  return { point: pointOnScreen(await env.screenSpace.peek(env.drivers.screen), spot.point as Point) };
}
