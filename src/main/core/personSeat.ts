// While a person is being asked (an approval, a question), every input-making call waits here, and they go on in arrival order.

interface Waiter {
  release(): void;
}

export class PersonSeat {
  /** Calls holding the seat: each is waiting for the person's answer. */
  private readonly askers = new Set<string>();
  private waiters: Waiter[] = [];
  private waking: ReturnType<typeof setImmediate> | undefined;

  /** Whether a person is being asked at all. */
  get held(): boolean {
    return this.askers.size > 0;
  }

  /** Whether `callId` may make input now: no one else is being asked and no one waits ahead of it. */
  free(callId: string): boolean {
    return !this.heldFor(callId) && this.waiters.length === 0;
  }

  private heldFor(callId: string): boolean {
    return this.askers.size > (this.askers.has(callId) ? 1 : 0);
  }

  /** What the person is asked about, for the feed: set while held. */
  reason: string | undefined;

  /** The call is about to ask the person: from now on input waits. Call synchronously after wait() resolved. */
  take(callId: string, reason: string): void {
    this.askers.add(callId);
    this.reason = reason;
  }

  leave(callId: string): void {
    if (!this.askers.delete(callId)) return;
    if (this.askers.size === 0) this.reason = undefined;
    this.wakeSoon();
  }

  /**
   * Resolves at once when no one is being asked and no one waits ahead; otherwise once the person answered and the
   * calls ahead went on. Rejects with signal.reason once aborted (Stop all, a client that left).
   */
  wait(callId: string, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.free(callId)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal.reason);
        this.wakeSoon();
      };
      const waiter: Waiter = {
        release: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.waiters.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  // One waiter at a time, each after the one before has had its turn to take the seat (its continuation runs first).
  private wakeSoon(): void {
    this.waking ??= setImmediate(() => {
      this.waking = undefined;
      if (this.askers.size > 0) return;
      const next = this.waiters.shift();
      if (!next) return;
      next.release();
      this.wakeSoon();
    });
  }
}
