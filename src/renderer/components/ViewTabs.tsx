// The panel's views as tabs; arrow keys move between them, as screen reader users expect.
import { useRef, type KeyboardEvent } from 'react';

export type ViewName = 'feed' | 'sessions' | 'settings' | 'audit';

export const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'feed', label: 'Feed' },
  { name: 'sessions', label: 'Sessions' },
  { name: 'settings', label: 'Settings' },
  { name: 'audit', label: 'Audit' },
];

export function tabId(view: ViewName): string {
  return `tab-${view}`;
}

export function panelId(view: ViewName): string {
  return `panel-${view}`;
}

export function ViewTabs({ current, onSelect }: { current: ViewName; onSelect: (view: ViewName) => void }) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = VIEWS.findIndex((view) => view.name === current);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? VIEWS.length - 1 : step === 0 ? undefined : (index + step + VIEWS.length) % VIEWS.length;
    const view = target === undefined ? undefined : VIEWS[target];
    if (target === undefined || !view) return;
    event.preventDefault();
    onSelect(view.name);
    tabs.current[target]?.focus();
  };

  return (
    <div role="tablist" aria-label="Views" className="tabs" onKeyDown={onKeyDown}>
      {VIEWS.map((view, index) => (
        <button
          key={view.name}
          ref={(element) => {
            tabs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={tabId(view.name)}
          aria-selected={view.name === current}
          aria-controls={panelId(view.name)}
          tabIndex={view.name === current ? 0 : -1}
          onClick={() => onSelect(view.name)}
        >
          {view.label}
        </button>
      ))}
    </div>
  );
}
