// Screen thumbnails after pointer actions: off the call's path, at most one every 250 ms, newest wins.
import type { FeedEntry } from '../../shared/types.js';
import type { ToolAction } from './types.js';

const MIN_INTERVAL_MS = 250;

export class ThumbnailQueue {
  private next: { entry: FeedEntry; action: ToolAction } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastAt = -Infinity;
  private closed = false;

  constructor(
    private readonly onReady: (entry: FeedEntry) => void,
    private readonly log: (line: string) => void,
  ) {}

  request(entry: FeedEntry, action: ToolAction): void {
    if (this.closed || !action.thumbnail) return;
    this.next = { entry, action };
    if (this.timer) return;
    const delay = Math.max(0, this.lastAt + MIN_INTERVAL_MS - performance.now());
    this.timer = setTimeout(() => void this.take(), delay);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.next = null;
  }

  private async take(): Promise<void> {
    const job = this.next;
    this.next = null;
    this.lastAt = performance.now();
    try {
      const thumbnail = job ? await job.action.thumbnail?.() : undefined;
      if (job && thumbnail && !this.closed) {
        job.entry.thumbnail = thumbnail;
        this.onReady(job.entry);
      }
    } catch (error) {
      this.log(`A feed thumbnail could not be made: ${(error as Error).message}`);
    } finally {
      this.timer = undefined;
      this.requestWaiting();
    }
  }

  private requestWaiting(): void {
    if (this.next && !this.closed) this.request(this.next.entry, this.next.action);
  }
}
