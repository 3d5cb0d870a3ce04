// displays: the monitors that make up the desktop, so the model can pick one to look at and act on.
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';
import { WHOLE_DESKTOP } from '../screenSpaceState.js';

export const displaysTool = defineTool({
  name: 'displays',
  title: 'List displays',
  description:
    'Lists the monitors: id, bounds in desktop pixels, scale factor, and which is primary. ' +
    `Pass an id to screenshot {display} to look at that monitor (or "${WHOLE_DESKTOP}" for all together); the coordinates you give afterwards follow the display of your latest screenshot.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {},
  action: (_input, { drivers, screenSpace }) => ({
    async run() {
      const displays = await drivers.screen.displays();
      const following = screenSpace.displayId;
      const lines = displays.map((d) => {
        const notes = [d.primary ? 'primary' : '', d.name ?? '', following === d.id || (following === undefined && d.primary) ? 'your coordinates follow this one' : ''].filter(Boolean);
        return `- display ${d.id}: ${d.bounds.width}x${d.bounds.height} at ${d.bounds.x},${d.bounds.y}, scale ${d.scale}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
      });
      const head = `${displays.length} display${displays.length === 1 ? '' : 's'}${following === WHOLE_DESKTOP ? '; your coordinates follow the whole desktop' : ''}:`;
      return textOutput([head, ...lines].join('\n'));
    },
  }),
});
