// clipboard: read or replace the system clipboard's text.
import { z } from 'zod';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';

export const clipboardTool = defineTool({
  name: 'clipboard',
  title: 'Read or set the clipboard',
  description:
    'action "get" returns the text on the system clipboard; action "set" replaces it with text (then paste with the key tool, e.g. ctrl+v). ' +
    'Text only; images and files on the clipboard are not read.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  makesInput: ({ action }) => action === 'set',
  inputSchema: {
    action: z.enum(['get', 'set']),
    text: z.string().max(1_000_000).optional().describe('The text to put on the clipboard (required for set).'),
  },
  validate: ({ action, text }) =>
    action === 'set' && text === undefined ? 'The clipboard tool needs text for "set": give the text to put on the clipboard.' : undefined,
  action: ({ action, text = '' }, { drivers }) => ({
    async run() {
      if (action === 'get') {
        const content = await drivers.clipboard.get();
        return textOutput(content === '' ? 'The clipboard holds no text.' : content);
      }
      await drivers.clipboard.set(text);
      return textOutput(`Put ${text.length} character${text.length === 1 ? '' : 's'} on the clipboard.`);
    },
    preview: async () => (action === 'set' ? { text, description: 'Replace the clipboard with this text' } : { description: 'Read the clipboard' }),
  }),
});
