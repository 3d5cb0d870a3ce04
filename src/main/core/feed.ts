// The action feed: the last 10,000 calls, oldest dropped first.
import type { FeedEntry } from '../../shared/types.js';

export const FEED_CAPACITY = 10_000;

export class FeedRing {
  private readonly slots: (FeedEntry | undefined)[];
  private next = 0;
  private count = 0;

  constructor(private readonly capacity = FEED_CAPACITY) {
    this.slots = new Array<FeedEntry | undefined>(capacity);
  }

  add(entry: FeedEntry): void {
    this.slots[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
  }

  /** The newest `limit` entries, oldest first, as copies. */
  recent(limit = this.capacity): FeedEntry[] {
    const n = Math.max(0, Math.min(limit, this.count));
    const out: FeedEntry[] = [];
    for (let i = n; i > 0; i -= 1) {
      const entry = this.slots[(this.next - i + this.capacity) % this.capacity];
      if (entry) out.push({ ...entry });
    }
    return out;
  }

  get size(): number {
    return this.count;
  }
}
