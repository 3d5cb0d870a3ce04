// A native notification for each new approval or question; clicking it opens the panel, where the dialog waits.
import type { Notification } from 'electron';
import type { Pending } from '../../shared/types.js';
import type { Supervisor } from '../core/types.js';
import type { ElectronApi } from './electronApi.js';

const BODY_LIMIT = 180;

function shorten(text: string): string {
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT - 1)}…` : text;
}

function describe(item: Pending): { title: string; body: string } {
  if (item.kind === 'question') return { title: 'Question from the agent', body: shorten(`${item.client} asks: ${item.question}`) };
  return { title: 'Approve action?', body: shorten(`${item.client}: ${item.preview.description}`) };
}

/** Returns a function that stops notifying and closes the notifications still shown. */
export function notifyPending(electron: Pick<ElectronApi, 'Notification'>, supervisor: Supervisor, openPanel: () => void): () => void {
  // Kept referenced: a garbage-collected notification loses its click handler.
  const shown = new Map<string, Notification>();
  const update = (pending: readonly Pending[]): void => {
    const ids = new Set(pending.map((item) => item.id));
    for (const [id, notification] of shown) {
      if (ids.has(id)) continue;
      notification.close();
      shown.delete(id);
    }
    if (!electron.Notification.isSupported()) return;
    for (const item of pending) {
      if (shown.has(item.id)) continue;
      const notification = new electron.Notification({ ...describe(item), urgency: 'critical', timeoutType: 'never' });
      notification.on('click', openPanel);
      notification.show();
      shown.set(item.id, notification);
    }
  };
  update(supervisor.state().pending);
  const unsubscribe = supervisor.subscribe((event) => {
    if (event.type === 'pending') update(event.pending);
  });
  return () => {
    unsubscribe();
    for (const notification of shown.values()) notification.close();
    shown.clear();
  };
}
