// The persistent helper process that reads the accessibility tree on Windows (UI Automation) and macOS (AX): one JSON request line, one JSON answer line.
// Implemented and type-checked only: this repository's tests run on Linux, so these routes are untested here.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { AccessibilityDriver, AccessibilitySnapshot, ElementInfo, Point } from './types.js';

/** One element as both helpers print it. */
export interface WireElement {
  role: string;
  name: string;
  value?: string;
  states: string[];
  x: number;
  y: number;
  width: number;
  height: number;
  window: { id?: string; title: string; app: string; pid: number };
  scroll?: { vertical?: number; horizontal?: number };
}

interface WireAnswer {
  elements?: WireElement[];
  element?: WireElement | null;
  problem?: string | null;
  error?: string;
}

const NAME_CAP = 200;

function cap(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > NAME_CAP ? `${flat.slice(0, NAME_CAP - 1)}…` : flat;
}

function toElement(w: WireElement): ElementInfo {
  return {
    role: w.role,
    name: cap(w.name ?? ''),
    ...(w.value ? { value: cap(w.value) } : {}),
    states: w.states ?? [],
    bounds: { x: Math.round(w.x), y: Math.round(w.y), width: Math.round(w.width), height: Math.round(w.height) },
    window: w.window,
    ...(w.scroll && (w.scroll.vertical !== undefined || w.scroll.horizontal !== undefined) ? { scroll: w.scroll } : {}),
  };
}

function visible(e: ElementInfo): boolean {
  return e.bounds.width > 0 && e.bounds.height > 0;
}

export interface HelperCommand {
  command: string;
  args: string[];
  /** What to call it in messages, e.g. "Windows UI Automation helper (PowerShell)". */
  what: string;
  /** Turns the helper's failure to start or answer into the one-line problem with the remedy. */
  explain(message: string): string;
}

/** Asks a long-lived helper; a question not answered within the deadline (a hung app) ends the helper, and the next question starts a fresh one. */
class JsonLineHelper {
  private child: ChildProcessWithoutNullStreams | null = null;
  private ready: Promise<void> | null = null;
  private waiting: ((line: string | null) => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stderr = '';

  constructor(private readonly spec: HelperCommand) {}

  private start(): Promise<void> {
    const child = spawn(this.spec.command, this.spec.args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.child = child;
    this.stderr = '';
    this.hold(child, true);
    // A helper ended after a timeout may still print or exit late; only the current one may answer.
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.child === child) this.deliver(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-2000);
    });
    const gone = (): void => {
      if (this.child !== child) return;
      this.child = null;
      this.ready = null;
      this.deliver(null);
    };
    child.on('exit', gone);
    child.on('error', gone);
    return new Promise((resolve, reject) => {
      this.waiting = (line) => (line === 'ready' ? resolve() : reject(new Error(line ?? (this.stderr.trim() || `the ${this.spec.what} exited`))));
    });
  }

  /** The helper lives as long as Chaperone but keeps it running (process and pipes) only while a question waits for its answer. */
  private hold(child: ChildProcessWithoutNullStreams, busy: boolean): void {
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as { ref?: () => void; unref?: () => void }[]) {
      if (busy) handle.ref?.();
      else handle.unref?.();
    }
  }

  private deliver(line: string | null): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(line);
  }

  private stop(): void {
    this.child?.kill();
    this.child = null;
    this.ready = null;
  }

  /** One question at a time: the helper answers in order. */
  ask(request: object, timeoutMs: number, signal?: AbortSignal): Promise<WireAnswer> {
    const run = async (): Promise<WireAnswer> => {
      if (!this.ready) {
        this.ready = this.start();
        // Idle once started: a question holds it again.
        void this.ready.then(() => this.child && this.hold(this.child, false), () => undefined);
      }
      await this.ready;
      const child = this.child;
      if (!child) throw new Error(`the ${this.spec.what} exited`);
      if (signal?.aborted) throw signal.reason as Error;
      this.hold(child, true);
      return new Promise<WireAnswer>((resolve, reject) => {
        const finish = (settle: () => void): void => {
          this.hold(child, false);
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.waiting = null;
          settle();
        };
        const timer = setTimeout(() => finish(() => {
          this.stop();
          reject(new Error(`the ${this.spec.what} did not answer within ${timeoutMs} ms (an app may be hung)`));
        }), timeoutMs);
        const onAbort = (): void => finish(() => {
          this.stop();
          reject(signal?.reason as Error);
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting = (line) => finish(() => {
          if (line === null) return reject(new Error(this.stderr.trim() || `the ${this.spec.what} exited`));
          try {
            resolve(JSON.parse(line) as WireAnswer);
          } catch {
            reject(new Error(`the ${this.spec.what} said: ${line.slice(0, 200)}`));
          }
        });
        child.stdin.write(`${JSON.stringify(request)}\n`);
      });
    };
    const answer = this.queue.then(run, run);
    this.queue = answer.catch(() => undefined);
    return answer;
  }
}

/** The accessibility driver over a helper that answers `snapshot`, `at` and `focused`. */
export function helperAccessibilityDriver(spec: HelperCommand, timeoutMs = 2000): AccessibilityDriver {
  const helper = new JsonLineHelper(spec);
  const problemOf = (error: unknown): string => spec.explain(error instanceof Error ? error.message : String(error));
  return {
    async snapshot(options = {}): Promise<AccessibilitySnapshot> {
      try {
        const answer = await helper.ask({ op: 'snapshot', window: options.window ?? '' }, timeoutMs, options.signal);
        if (answer.error) return { elements: [], problem: spec.explain(answer.error) };
        return { elements: (answer.elements ?? []).map(toElement).filter(visible), problem: answer.problem ?? null };
      } catch (error) {
        if (options.signal?.aborted) throw error;
        return { elements: [], problem: problemOf(error) };
      }
    },
    async elementAt(point: Point): Promise<ElementInfo | null> {
      const answer = await helper.ask({ op: 'at', x: Math.round(point.x), y: Math.round(point.y) }, timeoutMs).catch(() => null);
      return answer?.element ? toElement(answer.element) : null;
    },
    async focusedElement(): Promise<ElementInfo | null> {
      const answer = await helper.ask({ op: 'focused' }, timeoutMs).catch(() => null);
      return answer?.element ? toElement(answer.element) : null;
    },
  };
}
