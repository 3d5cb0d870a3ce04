// What each OS's exact-text typing route provides to keyboard.ts.
import type { ActionControl } from './types.js';

export interface TextTyper {
  /** Produces exactly `text` in the focused field, calling ctl.gate() before every character. */
  type(text: string, ctl: ActionControl): Promise<void>;
  /** Releases every key the typer may hold and undoes any keyboard remapping it made. */
  releaseAll(): Promise<void>;
}

/** Rejects control characters no keyboard can type (tab, newline and carriage return are fine). */
export function checkTypable(text: string): void {
  if (typeof text !== 'string') throw new Error('The text to type must be a string.');
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new Error(`The text contains the control character U+${code} at position ${bad.index}, which cannot be typed; remove it or use the key tool.`);
  }
}

/** Splits text into the characters to type: whole code points, with "\r\n" and "\r" folded into "\n". */
export function typedCharacters(text: string): string[] {
  return Array.from(text.replace(/\r\n?/g, '\n'));
}
