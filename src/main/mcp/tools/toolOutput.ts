// The two shapes a tool's own result takes: plain text, or a plain-sentence failure.
import type { ToolOutput } from '../../../shared/types.js';

export function textOutput(text: string): ToolOutput {
  return { content: [{ type: 'text', text }] };
}

export function errorOutput(message: string): ToolOutput {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Thrown inside a tool's run when the input cannot apply to the desktop as it is now (e.g. off-screen point). */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}
