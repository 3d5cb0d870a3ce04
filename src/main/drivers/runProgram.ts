// Runs a helper program (xprop, wmctrl, powershell, osascript…) to completion and returns its output.
import { spawn } from 'node:child_process';

export interface ProgramOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface RunProgramOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  /** Resolve when the program exits, without waiting for its output pipes to close (xclip forks a child that keeps them). */
  resolveOnExit?: boolean;
}

/** Thrown when the program itself is not installed; `program` names it. */
export class ProgramMissingError extends Error {
  constructor(readonly program: string) {
    super(`The helper program "${program}" is not installed or not in PATH.`);
    this.name = 'ProgramMissingError';
  }
}

export function runProgram(program: string, args: string[], opts: RunProgramOptions = {}): Promise<ProgramOutput> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', opts.resolveOnExit ? 'ignore' : 'pipe', 'pipe'],
      windowsHide: true,
    });
    let settled = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`The helper program "${program}" did not answer within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    const finish = (exitCode: number | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (opts.resolveOnExit) child.stderr?.destroy();
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode });
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      settled = true;
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new ProgramMissingError(program) : error);
    });
    child.once('close', finish);
    // A clean exit may leave a forked child holding stderr open; a failed one has no such child, so its message is read whole.
    if (opts.resolveOnExit) child.once('exit', (code) => code === 0 && finish(code));
    if (child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
  });
}
