// Runs one shell command as its own process tree: output capped, timeout and abort kill the whole tree, secrets kept out of its env.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { statSync } from 'node:fs';
import type { ActionControl, ShellDriver, ShellRequest, ShellResult } from './types.js';

export interface ShellDriverOptions {
  /** Values never passed to the child: an env variable holding one is removed. */
  secrets: string[];
  /** Env variable names removed, e.g. CHAPERONE_TOKEN. */
  hiddenEnv: string[];
}

/** How long a timed-out tree gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 1000;
/** How long to wait for output pipes after the shell exits; background children may hold them open for good. */
const PIPE_DRAIN_MS = 300;

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

/** Keeps the first `maxBytes` of a stream and counts the rest. */
class CappedOutput {
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private droppedBytes = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    const room = this.maxBytes - this.keptBytes;
    if (room > 0) {
      const part = chunk.subarray(0, room);
      this.kept.push(part);
      this.keptBytes += part.length;
    }
    this.droppedBytes += Math.max(0, chunk.length - Math.max(0, room));
  }

  get truncated(): boolean {
    return this.droppedBytes > 0;
  }

  text(): string {
    const bytes = Buffer.concat(this.kept);
    if (!this.truncated) return bytes.toString('utf8');
    const shown = bytes.subarray(0, completeUtf8Length(bytes));
    const text = shown.toString('utf8');
    const hidden = this.keptBytes + this.droppedBytes - shown.length;
    return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}[... output cut at ${sizeText(this.maxBytes)}: ${sizeText(hidden)} more not shown]`;
  }
}

/** Length of `bytes` without a trailing partial UTF-8 sequence, so a cut never splits a character. */
function completeUtf8Length(bytes: Buffer): number {
  let continuation = 0;
  while (continuation < 3 && continuation < bytes.length && ((bytes[bytes.length - 1 - continuation] as number) & 0xc0) === 0x80) continuation++;
  const lead = bytes[bytes.length - 1 - continuation];
  if (lead === undefined || lead < 0xc0) return bytes.length;
  const sequenceLength = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return continuation + 1 < sequenceLength ? bytes.length - continuation - 1 : bytes.length;
}

function childEnv(opts: ShellDriverOptions): NodeJS.ProcessEnv {
  const hidden = new Set(opts.hiddenEnv.map((name) => (process.platform === 'win32' ? name.toUpperCase() : name)));
  const secrets = opts.secrets.filter((s) => s.length > 0);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || hidden.has(process.platform === 'win32' ? name.toUpperCase() : name)) continue;
    if (secrets.some((secret) => value.includes(secret))) continue;
    env[name] = value;
  }
  return env;
}

function checkCwd(cwd: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(cwd).isDirectory();
  } catch {
    throw new Error(`The working directory "${cwd}" does not exist. Give an existing directory as cwd, or leave cwd out.`);
  }
  if (!isDirectory) throw new Error(`The working directory "${cwd}" is a file, not a directory. Give a directory as cwd, or leave cwd out.`);
}

function spawnShell(command: string, cwd: string | undefined, env: NodeJS.ProcessEnv): ChildProcess {
  const options: SpawnOptions = { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true };
  if (process.platform === 'win32') return spawn('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', command], options);
  // Its own process group, so one signal to -pid reaches every process the command starts.
  return spawn('/bin/sh', ['-c', command], { ...options, detached: true });
}

function killTree(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // The whole group has already exited.
  }
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The shell command was cancelled.', 'AbortError');
}

export function createShellDriver(opts: ShellDriverOptions): ShellDriver {
  return {
    run(request: ShellRequest, ctl: ActionControl): Promise<ShellResult> {
      if (ctl.signal.aborted) return Promise.reject(abortError(ctl.signal));
      if (!request.command.trim()) return Promise.reject(new Error('The command is empty. Give the shell command to run.'));
      try {
        if (request.cwd !== undefined) checkCwd(request.cwd);
      } catch (error) {
        return Promise.reject(error);
      }
      const started = Date.now();
      const child = spawnShell(request.command, request.cwd, childEnv(opts));
      const stdout = new CappedOutput(request.maxBytes);
      const stderr = new CappedOutput(request.maxBytes);
      child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

      return new Promise((resolve, reject) => {
        let timedOut = false;
        let settled = false;
        let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
        const timers: NodeJS.Timeout[] = [];

        const settle = (): void => {
          settled = true;
          for (const t of timers) clearTimeout(t);
          ctl.signal.removeEventListener('abort', onAbort);
        };
        const finish = (): void => {
          if (settled || !exit) return;
          settle();
          child.stdout?.destroy();
          child.stderr?.destroy();
          resolve({
            exitCode: exit.code,
            signal: exit.signal,
            stdout: stdout.text(),
            stderr: stderr.text(),
            stdoutTruncated: stdout.truncated,
            stderrTruncated: stderr.truncated,
            timedOut,
            durationMs: Date.now() - started,
          });
        };
        const onAbort = (): void => {
          if (settled) return;
          killTree(child, 'SIGKILL');
          settle();
          reject(abortError(ctl.signal));
        };

        ctl.signal.addEventListener('abort', onAbort, { once: true });
        timers.push(
          setTimeout(() => {
            timedOut = true;
            killTree(child, 'SIGTERM');
            // Not cleared on finish: processes that ignore SIGTERM still get SIGKILL after the grace.
            setTimeout(() => killTree(child, 'SIGKILL'), KILL_GRACE_MS).unref();
          }, request.timeoutMs),
        );
        child.once('error', (error) => {
          if (settled) return;
          settle();
          reject(new Error(`The shell could not be started: ${error.message}`));
        });
        child.once('exit', (code, signal) => {
          exit = { code, signal };
          timers.push(setTimeout(finish, PIPE_DRAIN_MS));
        });
        child.once('close', finish);
      });
    },
  };
}
