// Runs the `chaperone` CLI as a real child process: the built bin when dist exists (as in `npm test`), else the source.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function cliCommand(): { command: string; args: string[] } {
  if (existsSync(`${REPO_ROOT}dist/main/cli.js`)) return { command: process.execPath, args: [`${REPO_ROOT}bin/chaperone.js`] };
  return { command: process.execPath, args: ['--import', 'tsx', `${REPO_ROOT}src/main/cli.ts`] };
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcessWithoutNullStreams {
  const { command, args: base } = cliCommand();
  return spawn(command, [...base, ...args], { cwd: REPO_ROOT, env, stdio: 'pipe' });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 20_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chaperone ${args.join(' ')} did not finish in ${timeoutMs} ms. stderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  readyLine: string;
  ready: { mcp: string; panel: string; pid: number };
  stderr(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `chaperone serve` and resolves at its ready line. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 20_000): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(['serve', ...args], env);
    let stdout = '';
    let stderr = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`No ready line within ${timeoutMs} ms. stderr: ${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      const readyLine = stdout.slice(0, end);
      const json = readyLine.startsWith('chaperone ready ') ? readyLine.slice('chaperone ready '.length) : '{}';
      resolve({ child, readyLine, ready: JSON.parse(json) as ServeProcess['ready'], stderr: () => stderr, exited });
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready. stderr: ${stderr}`));
    });
  });
}

/** The environment of a machine with no desktop session. */
export function envWithoutDisplay(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.CHAPERONE_TOKEN;
  return { ...env, ...extra };
}
