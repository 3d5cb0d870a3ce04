// The CLIPBOARD selection on Linux through xclip, or xsel where xclip is missing.
import { findProgram } from '../runtimeDeps.js';
import type { ClipboardDriver } from '../types.js';
import { runX11Program, x11Env } from './x11Programs.js';

function clipboardProgram(): 'xclip' | 'xsel' {
  const path = x11Env().PATH ?? '';
  if (findProgram('xclip', path, 'linux')) return 'xclip';
  if (findProgram('xsel', path, 'linux')) return 'xsel';
  throw new Error('Neither xclip nor xsel is installed, so Chaperone cannot reach the clipboard. Install one: sudo apt install xclip');
}

export function createLinuxClipboardDriver(): ClipboardDriver {
  return {
    async get() {
      const program = clipboardProgram();
      const args = program === 'xclip' ? ['-selection', 'clipboard', '-o', '-t', 'UTF8_STRING'] : ['--clipboard', '--output'];
      const { stdout, stderr, exitCode } = await runX11Program(program, args, { allowFailure: true });
      // An empty clipboard has no owner, which xclip reports as a missing target.
      if (exitCode !== 0 && /target .* not available/i.test(stderr)) return '';
      if (exitCode !== 0) throw new Error(`Reading the clipboard failed: ${stderr.trim() || `${program} exit code ${exitCode ?? 'none'}`}`);
      return stdout;
    },

    async set(text) {
      const program = clipboardProgram();
      const args = program === 'xclip' ? ['-selection', 'clipboard', '-i', '-t', 'UTF8_STRING'] : ['--clipboard', '--input'];
      // Both fork a child that owns the selection and keeps running, so wait for the parent's exit, not for its pipes.
      await runX11Program(program, args, { input: text, resolveOnExit: true });
    },
  };
}
