// ask_human: puts a question to the supervising person and returns their typed answer, their decline, or a timeout.
import { z } from 'zod';
import { defineTool } from './toolDefinition.js';
import { errorOutput, textOutput } from '../../../shared/toolOutput.js';

export const DECLINED_TEXT = 'The person declined to answer.';

export const askHumanTool = defineTool({
  name: 'ask_human',
  title: 'Ask the person',
  description:
    'Shows your question to the person supervising this session and waits up to timeout_s seconds for their typed answer, which it returns. ' +
    'Use it when you need a decision or a missing detail you must not guess; keep the question short and self-contained. ' +
    'Never ask for passwords, keys, tokens or other secrets: the person types those into the target app themselves, outside your reach. ' +
    `If the person presses Decline the result is the normal (non-error) text "${DECLINED_TEXT}"; do not ask the same again. ` +
    'If no one answers in time the result is an error saying so.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  makesInput: false,
  inputSchema: {
    question: z.string().min(1, 'question must not be empty').max(4000).describe('The question for the person.'),
    timeout_s: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .default(600)
      .describe('How many seconds to wait for an answer (10 to 3600, default 600).'),
  },
  action: ({ question, timeout_s }) => ({
    async run(ctx) {
      const reply = await ctx.askPerson(question, timeout_s);
      if (reply.kind === 'declined') return textOutput(DECLINED_TEXT);
      if (reply.kind === 'timeout') return errorOutput(`The person did not answer within ${reply.seconds} s.`);
      return textOutput(`The person answered: ${reply.answer}`);
    },
  }),
});
