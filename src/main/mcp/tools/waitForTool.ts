// wait_for: returns as soon as a text, an element or a window appears (or, with gone, goes), checking at most every 100 ms.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { WindowInfo } from '../../drivers/types.js';
import { elementLines, type ListedElement } from '../elementBook.js';
import { elementFilter, queryShape } from './findTool.js';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';
import { ToolInputError } from './toolOutput.js';

const POLL_MS = 100;
const SEEN_LINES = 8;

/** A promise that settles the next time the tree changes. */
function changeSignal(): { promise: Promise<void>; fire(): void } {
  let fire = (): void => undefined;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire: () => fire() };
}

interface Seen {
  matched: string | null;
  instead: string[];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function windowWords(w: WindowInfo): string {
  return `window "${w.title}" (${w.app || 'unknown app'})`;
}

export const waitForTool = defineTool({
  name: 'wait_for',
  title: 'Wait for something to appear',
  description:
    'Waits until a text, an element or a window appears on screen (or, with gone: true, until it has gone), and returns as soon as it does, saying what matched and after how long. ' +
    'text matches accessible names, values and window titles (case-insensitive); element {name, role} matches like find; window matches a window title or app (and, with text or element, limits the search to it). ' +
    'On timeout (timeout_s, default 10, at most 120) it fails and says what was seen instead. Cheaper and faster than repeated screenshots.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {
    text: z.string().min(1).max(200).optional().describe('Text to wait for in names, values and window titles.'),
    element: z.object(queryShape).optional().describe('An element to wait for: {name?, role?}, as in find.'),
    window: z.string().min(1).max(200).optional().describe('A window title or app to wait for, or to search in.'),
    gone: z.boolean().default(false).describe('Wait until it has gone instead.'),
    timeout_s: z.number().min(0).max(120).default(10).describe('Give up after this many seconds (0 to 120, default 10).'),
  },
  validate: ({ text, element, window }) =>
    text === undefined && element === undefined && window === undefined
      ? 'Say what to wait for: text, element {name, role} or window.'
      : element !== undefined && element.name === undefined && element.role === undefined
        ? 'The element to wait for needs a name or a role.'
        : undefined,
  action: ({ text, element, window, gone, timeout_s }, env) => {
    const wantedText = text?.toLowerCase();
    const matchesElement = element ? elementFilter({ ...element, window }) : null;
    const inWindow = window?.toLowerCase();
    const windowMatches = (w: WindowInfo): boolean => inWindow !== undefined && (w.title.toLowerCase().includes(inWindow) || w.app.toLowerCase().includes(inWindow));
    const what = [
      text === undefined ? '' : `text "${text}"`,
      element === undefined ? '' : `element ${[element.role, element.name === undefined ? '' : `"${element.name}"`].filter(Boolean).join(' ')}`,
      window === undefined ? '' : `${text || element ? 'in ' : ''}window "${window}"`,
    ]
      .filter(Boolean)
      .join(' ');
    const hasText = (item: ListedElement): boolean =>
      wantedText === undefined || item.element.name.toLowerCase().includes(wantedText) || (item.element.value ?? '').toLowerCase().includes(wantedText);

    const look = async (signal: AbortSignal): Promise<Seen> => {
      if (wantedText === undefined && !matchesElement) {
        const windows = await env.drivers.windows.list();
        const hit = windows.find(windowMatches);
        return { matched: hit ? windowWords(hit) : null, instead: windows.slice(0, SEEN_LINES).map(windowWords) };
      }
      const space = await env.screenSpace.current(env.drivers.screen);
      const [snapshot, windows] = await Promise.all([
        env.elements.refresh(space, { window, signal }),
        wantedText === undefined ? Promise.resolve<WindowInfo[]>([]) : env.drivers.windows.list(),
      ]);
      if (snapshot.problem && snapshot.elements.length === 0) throw new ToolInputError(snapshot.problem);
      const candidates = snapshot.elements;
      const hit = candidates.find((item) => (!matchesElement || matchesElement(item)) && hasText(item));
      if (!hit && wantedText !== undefined && !matchesElement) {
        const titled = windows.find((w) => w.title.toLowerCase().includes(wantedText) && (inWindow === undefined || windowMatches(w)));
        if (titled) return { matched: windowWords(titled), instead: [] };
      }
      return { matched: hit ? (elementLines([hit], space)[0] ?? null) : null, instead: elementLines(candidates.slice(0, SEEN_LINES), space, SEEN_LINES) };
    };

    return {
      async run(ctx) {
        let nextChange = changeSignal();
        const unsubscribe = env.drivers.accessibility.onChange?.(() => nextChange.fire());
        try {
          const started = performance.now();
          let held = 0;
          let seen: Seen;
          for (;;) {
            const before = performance.now();
            await ctx.gate();
            // Time a person held Chaperone paused does not count against the timeout.
            held += performance.now() - before;
            const lookedAt = performance.now();
            seen = await look(ctx.signal);
            const elapsed = performance.now() - started - held;
            if ((seen.matched !== null) !== gone) {
              return textOutput(gone ? `The ${what} has gone, after ${seconds(elapsed)}.` : `Found ${seen.matched} after ${seconds(elapsed)}.`);
            }
            if (elapsed >= timeout_s * 1000) break;
            const rest = Math.max(0, POLL_MS - (performance.now() - lookedAt));
            // A tree event (where the platform sends them) ends the wait early; otherwise look again after the poll interval.
            await Promise.race([sleep(Math.min(rest, timeout_s * 1000 - elapsed), undefined, { signal: ctx.signal }), nextChange.promise]);
            nextChange = changeSignal();
          }
          const instead = gone ? `It is still there: ${seen.matched}` : seen.instead.length > 0 ? `Seen instead:\n${seen.instead.join('\n')}` : 'Nothing matching was seen.';
          throw new ToolInputError(`After ${timeout_s} s, ${gone ? `the ${what} had not gone` : `no ${what} appeared`}. ${instead}`);
        } finally {
          unsubscribe?.();
        }
      },
    };
  },
});
