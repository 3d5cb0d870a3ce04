// Per-session sliding one-minute window; excess calls are refused, never queued.
const WINDOW_MS = 60_000;

export class RateWindow {
  private times: number[] = [];
  /** Index of the oldest call still in the window: expiring calls moves it instead of shifting the array. */
  private head = 0;

  /** Records a call at `now` and returns 0, or returns how many ms until one more call fits. */
  take(now: number, limit: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - WINDOW_MS) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    const inWindow = this.times.length - this.head;
    if (inWindow >= limit) return (this.times[this.times.length - limit] ?? now) + WINDOW_MS - now;
    this.times.push(now);
    return 0;
  }
}

export function rateLimitMessage(limit: number, retryMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryMs / 1000));
  return `Rate limit reached: this session may make at most ${limit} calls per minute. Try again in ${seconds} s.`;
}
