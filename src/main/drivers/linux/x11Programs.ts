// Runs the X11 helper programs (xprop, wmctrl, xclip…) with plain errors for no display, a missing program or a failure.
import { ProgramMissingError, runProgram, type ProgramOutput, type RunProgramOptions } from '../runProgram.js';
import { packageFor } from '../runtimeDeps.js';
import { DesktopUnavailableError } from '../types.js';

/** The environment for X11 helpers; throws DesktopUnavailableError when there is no display to reach. */
export function x11Env(): NodeJS.ProcessEnv {
  const display = process.env.DISPLAY;
  if (!display) {
    throw new DesktopUnavailableError(
      process.env.WAYLAND_DISPLAY
        ? 'This is a Wayland session without an X11 display (DISPLAY is not set), and Chaperone reaches windows and the clipboard through X11. Log in with an X11 session or enable Xwayland.'
        : 'There is no X display: DISPLAY is not set. Run Chaperone inside a desktop session, or set DISPLAY (for example DISPLAY=:0).',
    );
  }
  return { ...process.env, DISPLAY: display };
}

/** Runs an X11 helper; a non-zero exit becomes an Error unless `allowFailure`. */
export async function runX11Program(
  program: string,
  args: string[],
  opts: Omit<RunProgramOptions, 'env'> & { allowFailure?: boolean } = {},
): Promise<ProgramOutput> {
  const env = x11Env();
  let output: ProgramOutput;
  try {
    output = await runProgram(program, args, { ...opts, env });
  } catch (error) {
    if (error instanceof ProgramMissingError) {
      const pkg = packageFor(program);
      throw new Error(`${error.message}${pkg ? ` Install it with: sudo apt install ${pkg}` : ''}`, { cause: error });
    }
    throw error;
  }
  if (/can'?t open display|cannot open display|unable to open display/i.test(output.stderr)) {
    throw new DesktopUnavailableError(`Cannot open the X display ${env.DISPLAY ?? ''}: ${program} said "${output.stderr.trim()}". Check that the X server is running and DISPLAY is right.`);
  }
  if (output.exitCode !== 0 && !opts.allowFailure) {
    throw new Error(`${program} failed (exit code ${output.exitCode ?? 'none'}): ${output.stderr.trim() || 'no message'}`);
  }
  return output;
}
