// Pause: callers wait here in arrival order until a person resumes, or their signal aborts.
export class PauseGate {
  private waiters: { release: () => void }[] = [];
  private pausedFlag = false;

  get paused(): boolean {
    return this.pausedFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  /** Releases every waiter in the order it arrived. */
  resume(): void {
    this.pausedFlag = false;
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) waiter.release();
  }

  /** Resolves at once when not paused; otherwise when resumed. Rejects with signal.reason once aborted. */
  wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (!this.pausedFlag) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal.reason);
      };
      const waiter = {
        release: (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.waiters.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
