// ask_human: puts a question to the supervising person and returns their typed answer.
import { z } from 'zod';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';

export const askHumanTool = defineTool({
  name: 'ask_human',
  title: 'Ask the person',
  description:
    'Shows your question to the person supervising this session and waits for their typed answer, which it returns. ' +
    'Use it when you need a decision, a missing detail or a credential you must not guess; keep the question short and self-contained.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  makesInput: false,
  inputSchema: {
    question: z.string().min(1, 'question must not be empty').max(4000).describe('The question for the person.'),
  },
  action: ({ question }) => ({
    async run(ctx) {
      const answer = await ctx.askPerson(question);
      return textOutput(`The person answered: ${answer}`);
    },
  }),
});
