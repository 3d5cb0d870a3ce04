// shell: runs one command line; the model reads exit code, stdout and stderr, each capped.
import { z } from 'zod';
import type { ShellResult } from '../../drivers/types.js';
import { defineTool } from './toolDefinition.js';
import { errorOutput, textOutput } from '../../../shared/toolOutput.js';

// Roughly 4,000 tokens per stream: enough to read, small enough not to flood the context.
export const SHELL_MAX_BYTES = 16_000;

function streamSection(name: string, text: string, truncated: boolean): string {
  const marker = truncated ? `\n[... ${name} cut here: it was longer than ${SHELL_MAX_BYTES} bytes ...]` : '';
  return `--- ${name} ---\n${text}${marker}`;
}

function resultText(r: ShellResult, timeoutS: number): string {
  const status = r.timedOut
    ? `Timed out after ${timeoutS} s; the command and its child processes were killed.`
    : r.exitCode !== null
      ? `Exit code ${r.exitCode}.`
      : `Ended by signal ${r.signal ?? 'unknown'}.`;
  return [
    `${status} (${(r.durationMs / 1000).toFixed(2)} s)`,
    streamSection('stdout', r.stdout, r.stdoutTruncated),
    streamSection('stderr', r.stderr, r.stderrTruncated),
  ].join('\n');
}

export const shellTool = defineTool({
  name: 'shell',
  title: 'Run a shell command',
  description:
    'Runs one command line in the system shell (sh on Linux and macOS, PowerShell on Windows) and returns its exit code, stdout and stderr ' +
    `(each cut at ${SHELL_MAX_BYTES} bytes, with a marker where cut). A non-zero exit code is a normal result for you to read. ` +
    'cwd sets the working directory; timeout_s (1 to 600, default 30) kills the command and its child processes when it runs too long. ' +
    'Nothing is interactive: there is no stdin, so avoid commands that prompt.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  makesInput: true,
  inputSchema: {
    command: z.string().min(1, 'command must not be empty').max(100_000).describe('The command line.'),
    cwd: z.string().min(1).max(4096).optional().describe('Working directory (default: the server\'s).'),
    timeout_s: z.number().int().min(1, 'timeout_s must be at least 1').max(600, 'timeout_s can be at most 600').default(30).describe('Seconds before the command is killed, 1 to 600 (default 30).'),
  },
  action: ({ command, cwd, timeout_s }, { drivers }) => ({
    async run(ctx) {
      const result = await drivers.shell.run({ command, cwd, timeoutMs: timeout_s * 1000, maxBytes: SHELL_MAX_BYTES }, ctx);
      const text = resultText(result, timeout_s);
      return result.timedOut ? errorOutput(text) : textOutput(text);
    },
    preview: async () => ({ command, cwd, description: `Run \`${command}\`${cwd ? ` in ${cwd}` : ''} (killed after ${timeout_s} s)` }),
  }),
});
