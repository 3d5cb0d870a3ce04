// app: list, launch, focus and close applications by name.
import { z } from 'zod';
import type { Drivers, WindowInfo } from '../../drivers/types.js';
import { namedWindowTarget } from './targets.js';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';

function windowSentence(w: WindowInfo): string {
  return `"${w.title}" (app ${w.app || 'unknown'}, pid ${w.pid})`;
}

async function listText(drivers: Drivers): Promise<string> {
  const windows = await drivers.windows.list();
  if (windows.length === 0) return 'No windows are open.';
  return [`${windows.length} open window${windows.length === 1 ? '' : 's'}:`, ...windows.map((w) => `- ${windowSentence(w)}${w.focused ? ' (focused)' : ''}`)].join('\n');
}

export const appTool = defineTool({
  name: 'app',
  title: 'Manage applications',
  description:
    'Works with applications and their windows. action "list" lists open windows (title, app, pid). ' +
    '"launch" starts an app by name or command (e.g. "xterm", "firefox", "gedit notes.txt") and waits for its first window. ' +
    '"focus" brings the first window whose title or app name contains name (case-insensitive) to the front. ' +
    '"close" politely closes the first such window (the app may ask to save). name is required for launch, focus and close.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  makesInput: ({ action }) => action !== 'list',
  inputSchema: {
    action: z.enum(['list', 'launch', 'focus', 'close']),
    name: z.string().min(1).max(1000).optional().describe('App name, command, or part of a window title.'),
  },
  validate: ({ action, name }) =>
    action !== 'list' && !name?.trim() ? `The app tool needs a name for "${action}": give the app's name or command (or part of its window title).` : undefined,
  action: ({ action, name = '' }, env) => ({
    target: action === 'focus' || action === 'close' ? () => namedWindowTarget(env, name, action) : undefined,
    async run(ctx) {
      const { drivers } = env;
      switch (action) {
        case 'list':
          return textOutput(await listText(drivers));
        case 'launch': {
          const launched = await drivers.windows.launch(name, ctx);
          return textOutput(
            launched.window
              ? `Launched "${name}" (pid ${launched.pid}); its window ${windowSentence(launched.window)} is open.`
              : `Launched "${name}" (pid ${launched.pid}), but no window showed yet; take a screenshot or list apps to check.`,
          );
        }
        case 'focus':
          return textOutput(`Focused ${windowSentence(await drivers.windows.focus(name, ctx))}.`);
        case 'close':
          return textOutput(`Asked ${windowSentence(await drivers.windows.close(name, ctx))} to close.`);
      }
    },
    preview: async () => ({ description: action === 'list' ? 'List open windows' : `${action[0]?.toUpperCase()}${action.slice(1)} "${name}"` }),
  }),
});
