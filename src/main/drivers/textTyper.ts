// What each OS's exact-text typing route provides to keyboard.ts.
import type { LineProtocolChild } from './lineProtocolChild.js';
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
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      throw new Error(`The text contains the control character U+${hex} at position ${index}, which cannot be typed; remove it or use the key tool.`);
    }
  }
}

/** Splits text into the characters to type: whole code points, with "\r\n" and "\r" folded into "\n". */
export function typedCharacters(text: string): string[] {
  return Array.from(text.replace(/\r\n?/g, '\n'));
}

/** A typer backed by a persistent helper process that types one base64 UTF-8 character per line and understands `release`. */
export function helperProcessTyper(helper: LineProtocolChild): TextTyper {
  return {
    async type(text: string, ctl: ActionControl): Promise<void> {
      checkTypable(text);
      for (const character of typedCharacters(text)) {
        await ctl.gate();
        await helper.ask(Buffer.from(character, 'utf8').toString('base64'));
      }
    },
    async releaseAll(): Promise<void> {
      if (helper.alive) await helper.ask('release');
    },
  };
}
