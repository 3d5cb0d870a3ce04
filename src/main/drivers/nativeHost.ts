// The server's side of the desktop driver child: starts it, sends it one primitive at a time, restarts it when it dies.
import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeDesktop } from './desktopProbe.js';
import { EXIT_DISPLAY_CLOSED, type FromChild, type NativeOp, type NativeRequest, type NativeResults, type ToChild } from './nativeProtocol.js';
import { DesktopUnavailableError } from './types.js';

// Stop all must take effect within 100 ms; a child that cannot answer by then is killed.
const ABORT_ACK_MS = 100;
const START_TIMEOUT_MS = 15_000;

interface Pending {
  what: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Driver {
  process: ChildProcess;
  pending: Map<number, Pending>;
  stoppedForAbort: boolean;
}

/** The sibling entry file, with this module's own extension (.ts under tsx, .js from dist). */
function childEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`./nativeChild${extname(here)}`, import.meta.url));
}

/** Whether the child (process, IPC channel, stderr pipe) keeps the server's event loop alive. */
function keepAlive(driver: Driver, on: boolean): void {
  const child = driver.process;
  const handles = [child, child.channel, child.stderr as (NodeJS.ReadableStream & { ref?(): void; unref?(): void }) | null];
  for (const handle of handles) {
    if (on) handle?.ref?.();
    else handle?.unref?.();
  }
}

function exitCause(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
}

export class NativeHost {
  private driver: Driver | null = null;
  private starting: Promise<Driver> | null = null;
  private nextId = 1;
  private closed = false;
  /** Set once a driver has run: a display that fails later has gone away, rather than never been there. */
  private hadDisplay = false;
  private readonly abortTimers = new Map<Driver, NodeJS.Timeout>();

  /** Runs one primitive in the child; `what` finishes the sentence "… while <what>" if the child dies meanwhile. */
  async call<O extends NativeOp>(request: NativeRequest & { op: O }, what: string, signal?: AbortSignal): Promise<NativeResults[O]> {
    signal?.throwIfAborted();
    const driver = await this.ensure();
    signal?.throwIfAborted();
    const id = this.nextId++;
    return new Promise<NativeResults[O]>((resolve, reject) => {
      const onAbort = (): void => {
        driver.pending.delete(id);
        reject(signal?.reason);
        this.abort(driver);
      };
      const settle = (): void => {
        signal?.removeEventListener('abort', onAbort);
        // An idle child must not keep the server alive; it is ref'd only while a call waits on it.
        if (driver.pending.size === 0) keepAlive(driver, false);
      };
      driver.pending.set(id, {
        what,
        resolve: (value) => {
          settle();
          resolve(value as NativeResults[O]);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      keepAlive(driver, true);
      this.post(driver, { kind: 'call', id, request });
    });
  }

  /**
   * Watches a whole action's signal (a drag, a chord): on abort the child must acknowledge within 100 ms or is killed,
   * so a frozen child cannot hold the action's final releases. Returns the function that stops watching.
   */
  watch(signal: AbortSignal): () => void {
    const onAbort = (): void => {
      if (this.driver) this.abort(this.driver);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }

  /** Why the desktop cannot be driven right now, or null; asks the display afresh unless a driver is running. */
  async problem(): Promise<string | null> {
    if (this.driver) return null;
    const problem = await probeDesktop();
    return problem && this.hadDisplay ? `The display went away. ${problem}` : problem;
  }

  /** The running child's pid, or null (for tests and diagnostics). */
  get pid(): number | null {
    return this.driver?.process.pid ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    const driver = this.driver ?? (await this.starting?.catch(() => null)) ?? null;
    if (!driver) return;
    const exited = new Promise((resolve) => driver.process.once('exit', resolve));
    driver.process.kill('SIGKILL');
    await exited;
  }

  private ensure(): Promise<Driver> {
    if (this.driver) return Promise.resolve(this.driver);
    if (this.closed) return Promise.reject(new Error('The desktop driver is shut down because Chaperone is closing.'));
    this.starting ??= this.start().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async start(): Promise<Driver> {
    const problem = await this.problem();
    if (problem) throw new DesktopUnavailableError(problem);
    // Inherits execArgv (tsx's loader in tests) and the current DISPLAY, so a display that came back is the one used.
    const child = fork(childEntry(), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: process.env });
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 20) stderr.push(chunk.toString('utf8'));
    });
    const driver: Driver = { process: child, pending: new Map(), stoppedForAbort: false };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`The desktop driver did not start within ${START_TIMEOUT_MS / 1000} s; check that the display answers and try again.`));
      }, START_TIMEOUT_MS);
      const done = (error?: Error): void => {
        clearTimeout(timer);
        child.off('message', onFirst);
        child.off('exit', onEarlyExit);
        if (error) reject(error);
        else resolve();
      };
      const onFirst = (message: FromChild): void => {
        if (message.kind === 'ready') done();
        else if (message.kind === 'loadFailed') {
          child.kill('SIGKILL');
          done(
            new DesktopUnavailableError(
              `The desktop automation library (nut-js) failed to load its native module (${message.message}); reinstall Chaperone's dependencies with "npm install", and on Linux install libxtst6 and libpng16-16.`,
            ),
          );
        }
      };
      const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        const said = stderr.join('').trim().split('\n')[0];
        done(new DesktopUnavailableError(`The desktop driver could not start (${exitCause(code, signal)}${said ? `: ${said}` : ''}); check that the display works and try again.`));
      };
      child.on('message', onFirst);
      child.on('exit', onEarlyExit);
    });
    child.on('message', (message: FromChild) => this.receive(driver, message));
    child.on('exit', (code, signal) => void this.exited(driver, code, signal));
    keepAlive(driver, false);
    this.hadDisplay = true;
    this.driver = driver;
    return driver;
  }

  private receive(driver: Driver, message: FromChild): void {
    if (message.kind === 'abortAck') {
      clearTimeout(this.abortTimers.get(driver));
      this.abortTimers.delete(driver);
      return;
    }
    if (message.kind !== 'result' && message.kind !== 'error') return;
    const pending = driver.pending.get(message.id);
    if (!pending) return;
    driver.pending.delete(message.id);
    if (message.kind === 'result') pending.resolve(message.value);
    else pending.reject(new Error(message.message));
  }

  /** Tells the child a call was stopped; one that does not answer in time is killed, and the next call gets a fresh one. */
  private abort(driver: Driver): void {
    if (this.abortTimers.has(driver) || driver !== this.driver) return;
    this.abortTimers.set(
      driver,
      setTimeout(() => {
        this.abortTimers.delete(driver);
        driver.stoppedForAbort = true;
        driver.process.kill('SIGKILL');
      }, ABORT_ACK_MS),
    );
    this.post(driver, { kind: 'abort' });
  }

  private post(driver: Driver, message: ToChild): void {
    // A child that died a moment ago answers through its exit handler.
    if (driver.process.connected) driver.process.send(message);
  }

  private async exited(driver: Driver, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    clearTimeout(this.abortTimers.get(driver));
    this.abortTimers.delete(driver);
    if (this.driver === driver) this.driver = null;
    const pending = [...driver.pending.values()];
    driver.pending.clear();
    if (this.closed) {
      for (const call of pending) call.reject(new Error(`The desktop driver was shut down while ${call.what} because Chaperone is closing.`));
      return;
    }
    const problem = code === EXIT_DISPLAY_CLOSED || pending.length > 0 ? await probeDesktop() : null;
    for (const call of pending) {
      if (problem) call.reject(new DesktopUnavailableError(`The display went away while ${call.what}. ${problem}`));
      else if (driver.stoppedForAbort) call.reject(new Error(`The desktop driver was restarted by Stop all while ${call.what}; try again once Chaperone is re-armed.`));
      else call.reject(new Error(`The desktop driver stopped unexpectedly (${exitCause(code, signal)}) while ${call.what}; Chaperone restarted it. Try again.`));
    }
    // The next call finds a fresh driver waiting; when the display is gone, it probes again instead.
    if (pending.length > 0 && !problem) this.ensure().catch(() => undefined);
  }
}

let shared: NativeHost | null = null;

/** The process's one desktop driver child, for drivers created without one (tests, tools that build their own). */
export function sharedNativeHost(): NativeHost {
  shared ??= new NativeHost();
  return shared;
}
