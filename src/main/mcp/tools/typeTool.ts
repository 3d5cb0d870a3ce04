// type: exact text into the focused field (optionally clicking it and clearing it first).
import { z } from 'zod';
import { screenCoordinate as coordinate } from '../screenSpaceState.js';
import { desktopPointOf, elementId, readSpot, spotWords } from './spots.js';
import { deleteChord, enterChord, selectAllChord } from './keyChords.js';
import { previewAt, screenThumbnail } from './pointerPreview.js';
import { focusTarget, pointerTarget } from './targets.js';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';

export const MAX_TYPED_CHARS = 20_000;

export const typeTool = defineTool({
  name: 'type',
  title: 'Type text',
  description:
    `Types exactly the given text into the focused field: any letters, symbols, tabs, newlines and non-ASCII text (accents, CJK, emoji), whatever the keyboard layout. ` +
    `Give x and y (full-screenshot image pixels) to click the field first. clear: true selects everything in the field and deletes it before typing (to replace its content). ` +
    `enter: true presses Enter afterwards (to submit). At most ${MAX_TYPED_CHARS} characters per call. For shortcuts such as ctrl+s use the key tool instead.`,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  makesInput: true,
  inputSchema: {
    text: z.string().max(MAX_TYPED_CHARS, `text can be at most ${MAX_TYPED_CHARS} characters; split it over several calls`).describe('The exact text to type.'),
    x: coordinate.optional().describe('Screenshot x of the field to click first (give with y).'),
    y: coordinate.optional().describe('Screenshot y of the field to click first (give with x).'),
    element: elementId.optional().describe('An element id (from desktop_state or find) of the field to click first, in place of x and y.'),
    clear: z.boolean().default(false).describe('Select all and delete before typing.'),
    enter: z.boolean().default(false).describe('Press Enter after typing.'),
  },
  validate: (input) => {
    const spot = readSpot(input, 'the field to click first', true);
    return typeof spot === 'string' ? spot : undefined;
  },
  action: ({ text, x, y, element, clear, enter }, env) => {
    const found = readSpot({ x, y, element }, 'the field to click first', true);
    const spot = typeof found === 'object' ? found : undefined;
    const steps = [
      spot ? `click at ${spotWords(spot)}` : '',
      clear ? 'clear the field' : '',
      `type ${text.length} character${text.length === 1 ? '' : 's'}`,
      enter ? 'press Enter' : '',
    ].filter(Boolean);
    const description = steps.join(', then ').replace(/^./, (c) => c.toUpperCase());
    return {
      pointer: spot !== undefined,
      async run(ctx) {
        const { pointer, keyboard } = env.drivers;
        if (spot) await pointer.click((await desktopPointOf(env, spot)).point, 'left', 1, ctx);
        if (clear) {
          await keyboard.chord(selectAllChord(), ctx);
          await keyboard.chord(deleteChord(), ctx);
        }
        await keyboard.type(text, ctx);
        if (enter) await keyboard.chord(enterChord(), ctx);
        return textOutput(`Typed ${text.length} character${text.length === 1 ? '' : 's'}${clear ? ' into the cleared field' : ''}${enter ? ' and pressed Enter' : ''}.`);
      },
      target: () => (spot ? pointerTarget(env, [spot]) : focusTarget(env)),
      preview: async () => ({ ...(await previewAt(env, spot, description)), text }),
      thumbnail: () => screenThumbnail(env),
    };
  },
});
