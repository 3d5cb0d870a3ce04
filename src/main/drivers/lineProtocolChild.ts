// A long-lived helper process spoken to one line at a time: each request line gets one answer line ("ok" or an error).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export class LineProtocolChild {
  private readonly answers: string[] = [];
  private waiting: ((answer: string | null) => void) | null = null;
  private exited = false;
  private readonly stderr: string[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.deliver(line));
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
    child.on('exit', () => {
      this.exited = true;
      this.deliver(null);
    });
    child.on('error', () => {
      this.exited = true;
      this.deliver(null);
    });
    // The helper lives as long as Chaperone but must not keep it from exiting.
    child.unref();
  }

  /** Starts `command` and waits for its first line, which must be "ready". */
  static async start(command: string, args: string[], what: string): Promise<LineProtocolChild> {
    const helper = new LineProtocolChild(spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true }));
    const first = await helper.next();
    if (first !== 'ready') {
      helper.stop();
      throw new Error(`The ${what} did not start (${(first ?? helper.stderr.join('').trim()) || 'no output'}).`);
    }
    return helper;
  }

  /** Sends one request line and resolves once the helper answers "ok"; rejects with its error line otherwise. */
  async ask(line: string): Promise<void> {
    if (this.exited) throw new Error('The typing helper process has exited.');
    this.child.stdin.write(`${line}\n`);
    const answer = await this.next();
    if (answer === null) throw new Error(`The typing helper process exited (${this.stderr.join('').trim() || 'no message'}).`);
    if (answer !== 'ok') throw new Error(`The typing helper failed: ${answer}`);
  }

  stop(): void {
    this.child.stdin.end();
    this.child.kill();
  }

  get alive(): boolean {
    return !this.exited;
  }

  private next(): Promise<string | null> {
    const ready = this.answers.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.exited) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private deliver(answer: string | null): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting(answer);
    else if (answer !== null) this.answers.push(answer);
  }
}
