// desktop_state: the screen, cursor and windows in screenshot coordinates, so the model can act without guessing.
import { z } from 'zod';
import { toImage, type ScreenSpace } from '../../../shared/screenSpace.js';
import { encodeForModel } from './screenImage.js';
import type { Rect, WindowInfo } from '../../drivers/types.js';
import type { ToolContent } from '../../../shared/types.js';
import { elementLines } from '../elementBook.js';
import { defineTool } from './toolDefinition.js';

function boundsInImage(space: ScreenSpace, r: Rect): string {
  const s = space.scale;
  return `(${Math.round(r.x * s)}, ${Math.round(r.y * s)}) ${Math.round(r.width * s)}x${Math.round(r.height * s)}`;
}

function windowLine(space: ScreenSpace, w: WindowInfo): string {
  return `- "${w.title}" app=${w.app || 'unknown'} pid=${w.pid} bounds ${boundsInImage(space, w.bounds)}${w.focused ? ' (focused)' : ''}`;
}

function reasonOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

export const desktopStateTool = defineTool({
  name: 'desktop_state',
  title: 'Describe the desktop',
  description:
    'Reports the screen size (physical and screenshot image), the cursor position, the focused window and every open window (title, app, pid, bounds). ' +
    'All positions are in full-screenshot image pixels, the same space click and the other pointer tools take. ' +
    'Then the interactive elements of the visible windows (focused window first), one per line: [e17] button "Delete account" (window "…") at x,y wxh [states]; ' +
    'use an id with click, type, move, scroll or drag instead of coordinates. The list costs far fewer tokens than a screenshot. ' +
    'Includes a screenshot unless screenshot is false; elements: false leaves the element list out; window limits the elements to windows whose title or app contains it.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {
    screenshot: z.boolean().default(true).describe('Include a full-screen screenshot (default true).'),
    elements: z.boolean().default(true).describe('List the interactive elements (default true).'),
    window: z.string().min(1).max(200).optional().describe('Only list the elements of windows whose title or app contains this.'),
  },
  action: ({ screenshot, elements: withElements, window }, { drivers, screenSpace, elements, ownWindows }) => ({
    async run(ctx) {
      const space = await screenSpace.current(drivers.screen);
      const [cursor, focused, listed, snapshot] = await Promise.allSettled([
        drivers.pointer.position(),
        drivers.windows.focused(),
        drivers.windows.list(),
        withElements ? elements.refresh(space, { window, signal: ctx.signal }) : Promise.resolve(null),
      ]);
      // Chaperone's own windows are the person's: the agent is not told about them.
      const windows = listed.status === 'fulfilled' ? { status: 'fulfilled' as const, value: listed.value.filter((w) => !ownWindows.isOwn(w)) } : listed;
      const lines = [
        `Screen ${space.screenWidth}x${space.screenHeight}, image ${space.imageWidth}x${space.imageHeight}, scale ${space.scale.toFixed(3)} (all positions below are in image pixels)`,
      ];
      if (cursor.status === 'fulfilled') {
        const at = toImage(space, cursor.value.x, cursor.value.y);
        lines.push(`Cursor: (${at.x}, ${at.y})`);
      } else {
        lines.push(`Cursor: unknown (${reasonOf(cursor.reason)})`);
      }
      if (focused.status === 'fulfilled') {
        lines.push(focused.value ? `Focused window: ${windowLine(space, focused.value).slice(2)}` : 'Focused window: none');
      } else {
        lines.push(`Focused window: unknown (${reasonOf(focused.reason)})`);
      }
      if (windows.status === 'fulfilled') {
        lines.push(`Open windows (${windows.value.length}):`, ...windows.value.map((w) => windowLine(space, w)));
      } else {
        lines.push(`Open windows: unknown (${reasonOf(windows.reason)})`);
      }
      if (snapshot.status === 'rejected') lines.push(`Elements: unknown (${reasonOf(snapshot.reason)})`);
      else if (snapshot.value) {
        const found = snapshot.value.elements;
        if (found.length === 0) lines.push('Elements: none listed (the accessibility tree shows no interactive element here).');
        else lines.push(`Elements (${found.length}${window === undefined ? '' : ` in windows matching "${window}"`}):`, ...elementLines(found, space));
        if (snapshot.value.problem) lines.push(snapshot.value.problem);
      }
      const content: ToolContent[] = [{ type: 'text', text: lines.join('\n') }];
      if (screenshot) {
        const image = await encodeForModel(await drivers.screen.capture());
        content.push({ type: 'image', data: image.data, mimeType: image.mimeType });
      }
      screenSpace.remember(space);
      return { content };
    },
  }),
});
