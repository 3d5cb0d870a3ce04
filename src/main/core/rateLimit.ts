// Per-session sliding one-minute window; excess calls are refused, never queued.
const WINDOW_MS = 60_000;

export class RateWindow {
  private readonly times: number[] = [];

  /** Records a call at `now` and returns 0, or returns how many ms until one more call fits. */
  take(now: number, limit: number): number {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - WINDOW_MS) this.times.shift();
    if (this.times.length >= limit) return (this.times[this.times.length - limit] ?? now) + WINDOW_MS - now;
    this.times.push(now);
    return 0;
  }
}

export function rateLimitMessage(limit: number, retryMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryMs / 1000));
  return `Rate limit reached: this session may make at most ${limit} calls per minute. Try again in ${seconds} s.`;
}
