// Things a call waits on a person for (approvals, questions): answered once, timed out, or cancelled.
import type { SaveResult } from '../../shared/types.js';

export type PendingOutcome<A> =
  | { kind: 'answered'; answer: A; by: string }
  | { kind: 'timeout' }
  | { kind: 'cancelled'; reason: unknown };

interface Open<P, A> {
  item: P;
  settle: (outcome: PendingOutcome<A>) => void;
}

// Answered ids are remembered (bounded) so a second answer says 409 rather than 404.
const CLOSED_MEMORY = 2_000;

export class PendingBook<P extends { id: string; sessionId: string }, A> {
  private readonly open = new Map<string, Open<P, A>>();
  private readonly closed = new Set<string>();

  constructor(private readonly onChange: () => void) {}

  list(): P[] {
    return [...this.open.values()].map((entry) => entry.item);
  }

  /** Waits for an answer; a timeoutMs of 0 means no timeout; the signal's abort cancels. */
  wait(item: P, timeoutMs: number, signal: AbortSignal): Promise<PendingOutcome<A>> {
    if (signal.aborted) return Promise.resolve({ kind: 'cancelled', reason: signal.reason });
    return new Promise((resolve) => {
      const timer = timeoutMs > 0 ? setTimeout(() => settle({ kind: 'timeout' }), timeoutMs) : undefined;
      const onAbort = (): void => settle({ kind: 'cancelled', reason: signal.reason });
      const settle = (outcome: PendingOutcome<A>): void => {
        if (!this.open.delete(item.id)) return;
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.remember(item.id);
        resolve(outcome);
        this.onChange();
      };
      this.open.set(item.id, { item, settle });
      signal.addEventListener('abort', onAbort, { once: true });
      this.onChange();
    });
  }

  answer(id: string, answer: A, by: string): SaveResult & { status?: 404 | 409 } {
    const entry = this.open.get(id);
    if (!entry) {
      return this.closed.has(id)
        ? { ok: false, status: 409, error: 'This request was already answered, timed out or was cancelled.' }
        : { ok: false, status: 404, error: 'There is no pending request with this id.' };
    }
    entry.settle({ kind: 'answered', answer, by });
    return { ok: true };
  }

  cancel(where: (item: P) => boolean, reason: unknown): void {
    for (const entry of [...this.open.values()]) if (where(entry.item)) entry.settle({ kind: 'cancelled', reason });
  }

  private remember(id: string): void {
    this.closed.add(id);
    if (this.closed.size > CLOSED_MEMORY) {
      const oldest = this.closed.values().next().value;
      if (oldest !== undefined) this.closed.delete(oldest);
    }
  }
}
