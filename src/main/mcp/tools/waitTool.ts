// wait: lets the screen settle; honours pause and the kill switch while it sleeps.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';

// Short slices keep pause and stop responsive within the 100 ms the contract promises.
const SLICE_MS = 50;

export const waitTool = defineTool({
  name: 'wait',
  title: 'Wait',
  description:
    'Waits the given number of seconds (0 to 60, fractions allowed) before you look again, e.g. while a page loads or an app starts. ' +
    'Time spent while a person has paused Chaperone does not count.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {
    seconds: z.number().min(0, 'seconds must be 0 or more').max(60, 'seconds can be at most 60; call wait again to wait longer').describe('0 to 60.'),
  },
  action: ({ seconds }) => ({
    async run(ctx) {
      let remaining = seconds * 1000;
      while (remaining > 0) {
        await ctx.gate();
        const slice = Math.min(SLICE_MS, remaining);
        await sleep(slice, undefined, { signal: ctx.signal });
        remaining -= slice;
      }
      await ctx.gate();
      return textOutput(`Waited ${seconds} s.`);
    },
  }),
});
