// move, click, drag, scroll: pointer actions at screenshot coordinates or at an element by id, previewed with the target marked.
import { z } from 'zod';
import { previewAt, screenThumbnail } from './pointerPreview.js';
import { desktopPointOf, readSpot, spotSchema, spotShape, spotWords, type Spot } from './spots.js';
import { pointerAtCursor, pointerTarget } from './targets.js';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';
import { ToolInputError } from './toolOutput.js';

const button = z.enum(['left', 'right', 'middle']).default('left').describe('Mouse button (default left).');
const SPACE_NOTE =
  'Coordinates are pixels of your latest screenshot image (see the screenshot tool), not physical screen pixels; or give element, an id from desktop_state or find, to act at that element\'s centre.';

const TIMES = ['', 'once', 'twice', 'three times'];

/** The spot a validated input names (validate has already refused the malformed ones). */
function spotOf(input: { x?: number; y?: number; element?: string }, what: string): Spot {
  const spot = readSpot(input, what);
  if (typeof spot !== 'object') throw new ToolInputError(spot ?? `Give ${what}.`);
  return spot;
}

function problem(input: { x?: number; y?: number; element?: string }, what: string, optional = false): string | undefined {
  const spot = readSpot(input, what, optional);
  return typeof spot === 'string' ? spot : undefined;
}

export const moveTool = defineTool({
  name: 'move',
  title: 'Move the pointer',
  description: `Moves the mouse pointer to (x, y) or onto an element without clicking, e.g. to hover a menu or reveal a tooltip. ${SPACE_NOTE}`,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: true,
  inputSchema: spotShape,
  validate: (input) => problem(input, 'the point to move to'),
  action: (input, env) => {
    const spot = spotOf(input, 'the point to move to');
    return {
      pointer: true,
      async run(ctx) {
        const { point } = await desktopPointOf(env, spot);
        await env.drivers.pointer.moveTo(point, ctx);
        return textOutput(`Moved the pointer to ${spotWords(spot)}.`);
      },
      target: () => pointerTarget(env, [spot]),
      preview: () => previewAt(env, spot, `Move the pointer to ${spotWords(spot)}`),
      // No thumbnail: a move changes nothing on screen worth a capture, and it is the call agents repeat most.
    };
  },
});

export const clickTool = defineTool({
  name: 'click',
  title: 'Click',
  description:
    `Clicks at (x, y) or on an element: button left (default), right or middle; clicks 1 (default), 2 for a double click, 3 for a triple click. ` +
    `To type into a field, the type tool can click it for you. ${SPACE_NOTE} Take a screenshot afterwards to see the effect.`,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  makesInput: true,
  inputSchema: {
    ...spotShape,
    button,
    clicks: z.number().int().min(1).max(3).default(1).describe('1, 2 (double click) or 3 (triple click).'),
  },
  validate: (input) => problem(input, 'the point to click'),
  action: (input, env) => {
    const spot = spotOf(input, 'the point to click');
    const sentence = `the ${input.button} button ${TIMES[input.clicks]} at ${spotWords(spot)}`;
    return {
      pointer: true,
      async run(ctx) {
        const { point } = await desktopPointOf(env, spot);
        await env.drivers.pointer.click(point, input.button, input.clicks, ctx);
        return textOutput(`Clicked ${sentence}.`);
      },
      target: () => pointerTarget(env, [spot]),
      preview: () => previewAt(env, spot, `Click ${sentence}`),
      thumbnail: () => screenThumbnail(env),
    };
  },
});

export const dragTool = defineTool({
  name: 'drag',
  title: 'Drag',
  description:
    `Presses a mouse button at from, moves to to in small steps and releases it: for sliders, moving windows, selecting text, drag and drop. ` +
    `from and to are each {x, y} or {element}. ${SPACE_NOTE}`,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  makesInput: true,
  inputSchema: { from: spotSchema.describe('Where to press: {x, y} or {element}.'), to: spotSchema.describe('Where to release: {x, y} or {element}.'), button },
  validate: ({ from, to }) => problem(from, 'the start of the drag') ?? problem(to, 'the end of the drag'),
  action: ({ from, to, button }, env) => {
    const start = spotOf(from, 'the start of the drag');
    const end = spotOf(to, 'the end of the drag');
    const sentence = `with the ${button} button from ${spotWords(start)} to ${spotWords(end)}`;
    return {
      pointer: true,
      async run(ctx) {
        const a = await desktopPointOf(env, start, 'The start point');
        const b = await desktopPointOf(env, end, 'The end point');
        await env.drivers.pointer.drag(a.point, b.point, button, ctx);
        return textOutput(`Dragged ${sentence}.`);
      },
      target: () => pointerTarget(env, [start, end]),
      preview: () => previewAt(env, start, `Drag ${sentence}`),
      thumbnail: () => screenThumbnail(env),
    };
  },
});

export const scrollTool = defineTool({
  name: 'scroll',
  title: 'Scroll',
  description:
    `Scrolls with the mouse wheel: direction up, down, left or right, amount 1 to 50 notches (default 3; one notch is roughly three lines). ` +
    `Give x and y (or element) to scroll over that point (the pointer moves there first), or none to scroll where the pointer is. ${SPACE_NOTE}`,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  makesInput: true,
  inputSchema: {
    ...spotShape,
    direction: z.enum(['up', 'down', 'left', 'right']),
    amount: z.number().int().min(1).max(50).default(3).describe('Wheel notches, 1 to 50 (default 3).'),
  },
  validate: (input) => problem(input, 'the point to scroll over', true),
  action: (input, env) => {
    const found = readSpot(input, 'the point to scroll over', true);
    const spot = typeof found === 'object' ? found : undefined;
    const { direction, amount } = input;
    const sentence = `${direction} by ${amount} notch${amount === 1 ? '' : 'es'} ${spot ? `over ${spotWords(spot)}` : 'where the pointer is'}`;
    return {
      pointer: true,
      async run(ctx) {
        const at = spot ? (await desktopPointOf(env, spot)).point : undefined;
        await env.drivers.pointer.scroll(at, direction, amount, ctx);
        return textOutput(`Scrolled ${sentence}.`);
      },
      target: () => (spot ? pointerTarget(env, [spot]) : pointerAtCursor(env)),
      preview: () => previewAt(env, spot, `Scroll ${sentence}`),
      thumbnail: () => screenThumbnail(env),
    };
  },
});
