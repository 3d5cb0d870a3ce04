// /api/events: every SupervisorEvent as one SSE `data:` line, a heartbeat comment every 15 s, ended on shutdown.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Supervisor } from '../core/types.js';

const HEARTBEAT_MS = 15_000;

export class EventStreams {
  /** Each open stream with the function that detaches it from the supervisor. */
  private readonly open = new Map<ServerResponse, () => void>();

  constructor(private readonly supervisor: Supervisor) {}

  serve(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(': connected\n\n');
    const unsubscribe = this.supervisor.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const finish = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(res);
    };
    this.open.set(res, finish);
    req.on('close', finish);
    res.on('close', finish);
  }

  closeAll(): void {
    // Detach before ending: an event emitted between end() and 'close' must not write to an ended stream.
    for (const [res, finish] of [...this.open]) {
      finish();
      res.end();
    }
  }
}
