// The live action feed, newest first: filterable, virtualized so ten thousand calls scroll smoothly.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { CALL_STATUSES } from '../../shared/types.js';
import type { FeedStore } from '../state/feedStore.js';
import { formatCalls, formatCount } from '../displayFormat.js';
import { FeedRow } from './FeedRow.js';

// A collapsed row's height, border included, so estimates match what is drawn.
const ROW_HEIGHT = 41;
const ALL = '';

function FilterSelect({ label, value, options, onChange }: { label: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <label className="filter">
      <span>{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value={ALL}>All</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ActionFeed({ store }: { store: FeedStore }) {
  const feed = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [client, setClient] = useState(ALL);
  const [tool, setTool] = useState(ALL);
  const [status, setStatus] = useState(ALL);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const scroller = useRef<HTMLDivElement>(null);

  const unfiltered = client === ALL && tool === ALL && status === ALL;
  const ids = useMemo(() => {
    if (unfiltered) return feed.ids;
    return feed.ids.filter((id) => {
      const entry = feed.byId.get(id);
      return entry && (client === ALL || entry.client === client) && (tool === ALL || entry.tool === tool) && (status === ALL || entry.status === status);
    });
    // feed is a new object on every flush, so entries updated in place are re-filtered.
  }, [feed, unfiltered, client, tool, status]);

  const toggle = useCallback((id: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  // New calls arrive on top; someone reading further down keeps their place.
  const previousFirst = useRef<{ id?: string; filters: string }>({ filters: '' });
  const filterKey = `${client}|${tool}|${status}`;
  useLayoutEffect(() => {
    const element = scroller.current;
    const before = previousFirst.current;
    previousFirst.current = { id: ids[0], filters: filterKey };
    if (!element || before.id === undefined || before.filters !== filterKey || element.scrollTop === 0) return;
    const added = ids.indexOf(before.id);
    if (added > 0) element.scrollTop += added * ROW_HEIGHT;
  }, [ids, filterKey]);

  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => ids[index] ?? index,
    overscan: 12,
  });

  return (
    <section className="feed" aria-labelledby="feed-title">
      <div className="feed-toolbar">
        <h2 id="feed-title">Action feed</h2>
        <span className="feed-count">
          {unfiltered ? formatCalls(ids.length) : `${formatCount(ids.length)} of ${formatCalls(feed.ids.length)}`}
        </span>
        <div className="filters">
          <FilterSelect label="Client" value={client} options={feed.clients} onChange={setClient} />
          <FilterSelect label="Tool" value={tool} options={feed.tools} onChange={setTool} />
          <FilterSelect label="Status" value={status} options={CALL_STATUSES} onChange={setStatus} />
        </div>
      </div>
      <div className="feed-header" aria-hidden="true">
        <span />
        <span>Time</span>
        <span>Client</span>
        <span>Tool</span>
        <span>Arguments</span>
        <span>Risk</span>
        <span>Status</span>
        <span>Duration</span>
        <span>Result</span>
      </div>
      <div ref={scroller} className="feed-scroller" data-testid="feed-scroller">
        {ids.length === 0 && <p className="empty">{feed.ids.length === 0 ? 'No calls yet. Calls from connected agents appear here as they happen.' : 'No calls match these filters.'}</p>}
        <ul aria-label="Action feed" className="feed-list" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const id = ids[item.index];
            const entry = id === undefined ? undefined : feed.byId.get(id);
            if (!entry) return null;
            return (
              <li
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                aria-setsize={ids.length}
                aria-posinset={item.index + 1}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <FeedRow entry={entry} expanded={expanded.has(entry.id)} onToggle={toggle} />
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
