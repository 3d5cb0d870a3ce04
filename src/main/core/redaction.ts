// Display and audit forms of a call's arguments: typed text and clipboard contents hidden where the policy says.
import type { Settings } from '../../shared/types.js';

// Feed entries stay small: the audit log keeps the whole value.
const DISPLAY_STRING_LIMIT = 2_000;

export function redacted(text: string): string {
  return `[redacted ${text.length} chars]`;
}

/** Returns `args` itself when nothing needs hiding, so the common case copies nothing. */
export function redactArgs(tool: string, args: Record<string, unknown>, redaction: Settings['redaction']): Record<string, unknown> {
  const hide = (tool === 'type' && redaction.typedText) || (tool === 'clipboard' && redaction.clipboard);
  if (!hide || typeof args.text !== 'string') return args;
  return { ...args, text: redacted(args.text) };
}

export function displayArgs(tool: string, args: Record<string, unknown>, redaction: Settings['redaction']): Record<string, unknown> {
  const safe = redactArgs(tool, args, redaction);
  let copy: Record<string, unknown> | undefined;
  for (const key in safe) {
    const value = safe[key];
    if (typeof value === 'string' && value.length > DISPLAY_STRING_LIMIT) {
      copy ??= { ...safe };
      copy[key] = `${value.slice(0, DISPLAY_STRING_LIMIT)}… [${value.length - DISPLAY_STRING_LIMIT} more chars]`;
    }
  }
  return copy ?? safe;
}

/** Whether a result summary could show what the policy hides (clipboard contents, a person's typed answer). */
export function summaryHidden(tool: string, redaction: Settings['redaction']): boolean {
  return (tool === 'clipboard' && redaction.clipboard) || (tool === 'ask_human' && redaction.typedText);
}
