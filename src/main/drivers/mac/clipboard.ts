// The clipboard on macOS through pbpaste and pbcopy, in a UTF-8 locale so non-ASCII text survives. Untested here (Linux CI).
import { runProgram } from '../runProgram.js';
import type { ClipboardDriver } from '../types.js';

const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' };

export function createMacClipboardDriver(): ClipboardDriver {
  return {
    async get() {
      const { stdout, stderr, exitCode } = await runProgram('pbpaste', [], { env });
      if (exitCode !== 0) throw new Error(`Reading the clipboard failed: ${stderr.trim() || `pbpaste exit code ${exitCode ?? 'none'}`}`);
      return stdout;
    },

    async set(text) {
      const { stderr, exitCode } = await runProgram('pbcopy', [], { env, input: text });
      if (exitCode !== 0) throw new Error(`Setting the clipboard failed: ${stderr.trim() || `pbcopy exit code ${exitCode ?? 'none'}`}`);
    },
  };
}
