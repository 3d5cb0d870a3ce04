// Holds the action feed outside React: entries by id, updated in place, flushed to the view once per animation frame.
import type { CallStatus, FeedEntry } from '../../shared/types.js';

const FINAL_STATUSES: ReadonlySet<CallStatus> = new Set(['done', 'failed', 'denied', 'cancelled']);
const DEFAULT_LIMIT = 20_000;

export interface FeedSnapshot {
  /** Entry ids, newest first. */
  ids: readonly string[];
  byId: ReadonlyMap<string, FeedEntry>;
  clients: readonly string[];
  tools: readonly string[];
}

export class FeedStore {
  private readonly byId = new Map<string, FeedEntry>();
  private ids: string[] = [];
  private readonly clients = new Set<string>();
  private readonly tools = new Set<string>();
  private incoming: FeedEntry[] = [];
  private frame: number | undefined;
  private snapshot: FeedSnapshot = { ids: [], byId: this.byId, clients: [], tools: [] };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  add(entry: FeedEntry): void {
    this.incoming.push(entry);
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FeedSnapshot => this.snapshot;

  private flush(): void {
    this.frame = undefined;
    const batch = this.incoming;
    this.incoming = [];
    const added: FeedEntry[] = [];
    let filtersChanged = false;
    for (const entry of batch) {
      const known = this.byId.get(entry.id);
      // A replayed snapshot can be older than a live event; a finished call never goes back to waiting.
      if (known && FINAL_STATUSES.has(known.status) && !FINAL_STATUSES.has(entry.status)) continue;
      if (!known) added.push(entry);
      this.byId.set(entry.id, entry);
      if (!this.clients.has(entry.client) || !this.tools.has(entry.tool)) {
        this.clients.add(entry.client);
        this.tools.add(entry.tool);
        filtersChanged = true;
      }
    }
    if (added.length > 0) this.insert(added);
    this.snapshot = {
      ids: this.ids,
      byId: this.byId,
      clients: filtersChanged ? [...this.clients].sort() : this.snapshot.clients,
      tools: filtersChanged ? [...this.tools].sort() : this.snapshot.tools,
    };
    for (const listener of this.listeners) listener();
  }

  private insert(added: FeedEntry[]): void {
    added.sort((a, b) => b.seq - a.seq);
    const newest = this.ids[0] === undefined ? undefined : this.byId.get(this.ids[0]);
    const oldestAdded = added[added.length - 1];
    const fresh = added.map((entry) => entry.id);
    if (!newest || (oldestAdded && oldestAdded.seq > newest.seq)) {
      this.ids = [...fresh, ...this.ids];
    } else {
      this.ids = [...fresh, ...this.ids].sort((a, b) => (this.byId.get(b)?.seq ?? 0) - (this.byId.get(a)?.seq ?? 0));
    }
    if (this.ids.length > this.limit) {
      for (const id of this.ids.slice(this.limit)) this.byId.delete(id);
      this.ids = this.ids.slice(0, this.limit);
    }
  }
}
