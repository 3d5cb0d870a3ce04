// Runs JavaScript for Automation through osascript, with a plain sentence when macOS withholds permission.
import { runProgram } from '../runProgram.js';
import { DesktopUnavailableError } from '../types.js';

/** Runs JXA; `args` reach the script as run(argv) parameters, never spliced into code. */
export async function runJxa(body: string, args: string[] = []): Promise<string> {
  const output = await runProgram('osascript', ['-l', 'JavaScript', '-e', body, ...args], { timeoutMs: 20_000 });
  if (output.exitCode !== 0) {
    const message = output.stderr.trim();
    if (/-1719|-25211|assistive access|not allowed/i.test(message)) {
      throw new DesktopUnavailableError(
        'macOS has not given Chaperone Accessibility permission. Open System Settings > Privacy & Security > Accessibility and turn it on for Chaperone (or the terminal running it).',
      );
    }
    throw new Error(`osascript failed: ${message || `exit code ${output.exitCode ?? 'none'}`}`);
  }
  return output.stdout;
}
