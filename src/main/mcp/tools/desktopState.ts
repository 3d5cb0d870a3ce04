// desktop_state: the screen, cursor and windows in screenshot coordinates, so the model can act without guessing.
import { z } from 'zod';
import { toImage, type ScreenSpace } from '../../../shared/screenSpace.js';
import { encodeForModel } from './screenImage.js';
import type { Rect, WindowInfo } from '../../drivers/types.js';
import type { ToolContent } from '../../../shared/types.js';
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
    'Includes a screenshot unless screenshot is false; ask without it when you only need the window list.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {
    screenshot: z.boolean().default(true).describe('Include a full-screen screenshot (default true).'),
  },
  action: ({ screenshot }, { drivers, screenSpace }) => ({
    async run() {
      const space = await screenSpace.current(drivers.screen);
      const [cursor, focused, windows] = await Promise.allSettled([
        drivers.pointer.position(),
        drivers.windows.focused(),
        drivers.windows.list(),
      ]);
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
