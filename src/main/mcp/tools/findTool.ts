// find: elements by accessible name, role and window, without dumping the whole tree.
import { z } from 'zod';
import { nameMatcher, PatternError, type LinearPattern } from '../../../shared/linearRegex.js';
import type { ListedElement } from '../elementBook.js';
import { elementLines } from '../elementBook.js';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';
import { ToolInputError } from './toolOutput.js';

export interface ElementQuery {
  name?: string;
  role?: string;
  window?: string;
}

function compiled(name: string | undefined): LinearPattern | null {
  if (name === undefined) return null;
  try {
    return nameMatcher(name);
  } catch (error) {
    throw new ToolInputError(`The name pattern ${name} cannot be used: ${error instanceof PatternError ? error.message : String(error)}`);
  }
}

/** A test for elements: name (substring or /regex/, case-insensitive), role (substring, case-insensitive), window (title or app substring). */
export function elementFilter(query: ElementQuery): (item: ListedElement) => boolean {
  const name = compiled(query.name);
  const role = query.role?.toLowerCase();
  const window = query.window?.toLowerCase();
  return ({ element }) =>
    (name === null || name.test(element.name)) &&
    (role === undefined || element.role.toLowerCase().includes(role)) &&
    (window === undefined || element.window.title.toLowerCase().includes(window) || element.window.app.toLowerCase().includes(window));
}

export const queryShape = {
  name: z.string().min(1).max(200).optional().describe('Part of the accessible name (case-insensitive), or /regex/ (linear-time subset: no backreferences or lookarounds).'),
  role: z.string().min(1).max(50).optional().describe('Part of the role, e.g. "button", "link", "text field", "check box".'),
};

export const findTool = defineTool({
  name: 'find',
  title: 'Find elements',
  description:
    'Searches the accessibility tree of the visible windows for interactive elements whose accessible name and role match, and lists them one per line ' +
    '([e17] button "Delete account" (window "…") at x,y wxh [states]) in your screenshot coordinates. Use the id with click, type, move, scroll or drag ' +
    'instead of coordinates. Cheaper than desktop_state when you know what you are looking for.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {
    ...queryShape,
    window: z.string().min(1).max(200).optional().describe('Only elements of windows whose title or app contains this.'),
    limit: z.number().int().min(1).max(100).default(20).describe('At most this many (1 to 100, default 20).'),
  },
  action: ({ name, role, window, limit }, env) => {
    const matches = elementFilter({ name, role, window });
    return {
      async run(ctx) {
        const space = await env.screenSpace.current(env.drivers.screen);
        const snapshot = await env.elements.refresh(space, { window, signal: ctx.signal });
        const found = snapshot.elements.filter(matches);
        const asked = [name === undefined ? '' : `name ${name}`, role === undefined ? '' : `role ${role}`, window === undefined ? '' : `in window ${window}`].filter(Boolean).join(', ') || 'any element';
        const lines = [
          found.length === 0
            ? `No element matches ${asked} (${snapshot.elements.length} element${snapshot.elements.length === 1 ? '' : 's'} looked at).`
            : `${found.length} element${found.length === 1 ? '' : 's'} match ${asked}${found.length > limit ? `; the first ${limit}` : ''}:`,
          ...elementLines(found.slice(0, limit), space, limit),
        ];
        if (snapshot.problem) lines.push(snapshot.problem);
        return textOutput(lines.join('\n'));
      },
    };
  },
});
