// move, click, drag, scroll: pointer actions in screenshot coordinates, previewed with the target marked.
import { z } from 'zod';
import type { Point } from '../../drivers/types.js';
import { screenCoordinate as coordinate, pointOnScreen } from '../screenSpaceState.js';
import { previewAt, screenThumbnail } from './pointerPreview.js';
import { pointerAtCursor, pointerTarget } from './targets.js';
import { defineTool } from './toolDefinition.js';
import { textOutput } from './toolOutput.js';

const button = z.enum(['left', 'right', 'middle']).default('left').describe('Mouse button (default left).');
const SPACE_NOTE = 'Coordinates are pixels of the full-screen screenshot image (see the screenshot tool), not physical screen pixels.';

function at(p: Point): string {
  return `(${p.x}, ${p.y})`;
}

const TIMES = ['', 'once', 'twice', 'three times'];

export const moveTool = defineTool({
  name: 'move',
  title: 'Move the pointer',
  description: `Moves the mouse pointer to (x, y) without clicking, e.g. to hover a menu or reveal a tooltip. ${SPACE_NOTE}`,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: true,
  inputSchema: { x: coordinate.describe('Screenshot x.'), y: coordinate.describe('Screenshot y.') },
  action: ({ x, y }, env) => ({
    pointer: true,
    async run(ctx) {
      const target = pointOnScreen(await env.screenSpace.current(env.drivers.screen), { x, y });
      await env.drivers.pointer.moveTo(target, ctx);
      return textOutput(`Moved the pointer to ${at({ x, y })}.`);
    },
    target: () => pointerTarget(env, [{ x, y }]),
    preview: () => previewAt(env, { x, y }, `Move the pointer to ${at({ x, y })}`),
    // No thumbnail: a move changes nothing on screen worth a capture, and it is the call agents repeat most.
  }),
});

export const clickTool = defineTool({
  name: 'click',
  title: 'Click',
  description:
    `Clicks at (x, y): button left (default), right or middle; clicks 1 (default), 2 for a double click, 3 for a triple click. ` +
    `To type into a field, the type tool can click it for you. ${SPACE_NOTE} Take a screenshot afterwards to see the effect.`,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  makesInput: true,
  inputSchema: {
    x: coordinate.describe('Screenshot x.'),
    y: coordinate.describe('Screenshot y.'),
    button,
    clicks: z.number().int().min(1).max(3).default(1).describe('1, 2 (double click) or 3 (triple click).'),
  },
  action: ({ x, y, button, clicks }, env) => {
    const sentence = `the ${button} button ${TIMES[clicks]} at ${at({ x, y })}`;
    return {
      pointer: true,
      async run(ctx) {
        const target = pointOnScreen(await env.screenSpace.current(env.drivers.screen), { x, y });
        await env.drivers.pointer.click(target, button, clicks, ctx);
        return textOutput(`Clicked ${sentence}.`);
      },
      target: () => pointerTarget(env, [{ x, y }]),
      preview: () => previewAt(env, { x, y }, `Click ${sentence}`),
      thumbnail: () => screenThumbnail(env),
    };
  },
});

const pointSchema = z.object({ x: coordinate, y: coordinate });

export const dragTool = defineTool({
  name: 'drag',
  title: 'Drag',
  description:
    `Presses a mouse button at from {x, y}, moves to to {x, y} in small steps and releases it: for sliders, moving windows, selecting text, drag and drop. ${SPACE_NOTE}`,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  makesInput: true,
  inputSchema: { from: pointSchema.describe('Where to press.'), to: pointSchema.describe('Where to release.'), button },
  action: ({ from, to, button }, env) => {
    const sentence = `with the ${button} button from ${at(from)} to ${at(to)}`;
    return {
      pointer: true,
      async run(ctx) {
        const space = await env.screenSpace.current(env.drivers.screen);
        const start = pointOnScreen(space, from, 'The start point');
        const end = pointOnScreen(space, to, 'The end point');
        await env.drivers.pointer.drag(start, end, button, ctx);
        return textOutput(`Dragged ${sentence}.`);
      },
      target: () => pointerTarget(env, [from, to]),
      preview: () => previewAt(env, from, `Drag ${sentence}`),
      thumbnail: () => screenThumbnail(env),
    };
  },
});

export const scrollTool = defineTool({
  name: 'scroll',
  title: 'Scroll',
  description:
    `Scrolls with the mouse wheel: direction up, down, left or right, amount 1 to 50 notches (default 3; one notch is roughly three lines). ` +
    `Give x and y to scroll over that point (the pointer moves there first), or neither to scroll where the pointer is. ${SPACE_NOTE}`,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  makesInput: true,
  inputSchema: {
    x: coordinate.optional().describe('Screenshot x to scroll over (give with y).'),
    y: coordinate.optional().describe('Screenshot y to scroll over (give with x).'),
    direction: z.enum(['up', 'down', 'left', 'right']),
    amount: z.number().int().min(1).max(50).default(3).describe('Wheel notches, 1 to 50 (default 3).'),
  },
  validate: ({ x, y }) =>
    (x === undefined) !== (y === undefined) ? 'Give both x and y to scroll over a point, or neither to scroll where the pointer is.' : undefined,
  action: ({ x, y, direction, amount }, env) => {
    const point = x !== undefined && y !== undefined ? { x, y } : undefined;
    const sentence = `${direction} by ${amount} notch${amount === 1 ? '' : 'es'} ${point ? `over ${at(point)}` : 'where the pointer is'}`;
    return {
      pointer: true,
      async run(ctx) {
        const target = point ? pointOnScreen(await env.screenSpace.current(env.drivers.screen), point) : undefined;
        await env.drivers.pointer.scroll(target, direction, amount, ctx);
        return textOutput(`Scrolled ${sentence}.`);
      },
      target: () => (point ? pointerTarget(env, [point]) : pointerAtCursor(env)),
      preview: () => previewAt(env, point, `Scroll ${sentence}`),
      thumbnail: () => screenThumbnail(env),
    };
  },
});
