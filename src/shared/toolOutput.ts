// The two shapes a tool result takes: plain text, or a plain-sentence failure (for the supervisor and the tools alike).
import type { ToolOutput } from './types.js';

export function textOutput(text: string): ToolOutput {
  return { content: [{ type: 'text', text }] };
}

export function errorOutput(message: string): ToolOutput {
  return { content: [{ type: 'text', text: message }], isError: true };
}
