// key: one key chord such as ctrl+shift+t, with every key name checked before anything is pressed.
import { z } from 'zod';
import { parseChord } from '../../drivers/keyNames.js';
import { focusTarget } from './targets.js';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';
import { ToolInputError } from './toolOutput.js';

export const keyTool = defineTool({
  name: 'key',
  title: 'Press a key chord',
  description:
    'Presses one key or chord and releases it, e.g. "enter", "escape", "ctrl+s", "ctrl+shift+t", "alt+tab", "f5", "pagedown". ' +
    'Join keys with +; modifiers first (ctrl, shift, alt, and cmd/super/win for the OS key). Unknown key names are rejected with the list of valid ones. ' +
    'Use the type tool for text; use this for shortcuts and navigation keys.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  makesInput: true,
  inputSchema: {
    keys: z.string().min(1, 'keys must name at least one key, e.g. "enter" or "ctrl+s"').max(100).describe('One chord, e.g. "ctrl+shift+t".'),
  },
  validate: ({ keys }) => {
    const parsed = parseChord(keys);
    return parsed.ok ? undefined : parsed.error;
  },
  action: ({ keys }, env) => {
    const { drivers } = env;
    const parsed = parseChord(keys);
    return {
      async run(ctx) {
        if (!parsed.ok) throw new ToolInputError(parsed.error);
        await drivers.keyboard.chord(parsed.keys, ctx);
        return textOutput(`Pressed ${parsed.keys.join('+')}.`);
      },
      target: () => focusTarget(env),
      preview: async () => ({ keys, description: `Press ${keys}` }),
    };
  },
});
