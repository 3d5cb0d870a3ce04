// The Bridge over the panel's own origin: fetch for commands, an EventSource on /api/events for live events.
import { API_ROUTES, type Bridge } from '../../shared/bridge.js';
import type { AuditRecord, AuditVerification, FeedEntry, SaveResult, Settings, StateSnapshot, SupervisorEvent } from '../../shared/types.js';

const RECONNECT_DELAY_MS = 1000;

async function errorText(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') return body.error;
  } catch {
    // Not JSON: fall through to the status line.
  }
  if (response.status === 401) return 'The panel is not signed in any more. Open the panel link with its token again.';
  return `The server answered ${[response.status, response.statusText].filter(Boolean).join(' ')}.`;
}

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('X-Chaperone', '1');
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  return fetch(path, { ...init, headers, credentials: 'same-origin' });
}

async function getJson<T>(path: string): Promise<T> {
  const response = await request(path);
  if (!response.ok) throw new Error(await errorText(response));
  return (await response.json()) as T;
}

async function post(path: string, body?: unknown): Promise<void> {
  const response = await request(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(await errorText(response));
}

async function saveResult(response: Response): Promise<SaveResult> {
  return response.ok ? { ok: true } : { ok: false, error: await errorText(response) };
}

export function createHttpBridge(): Bridge {
  const bridge: Bridge = {
    getState: () => getJson<StateSnapshot>(API_ROUTES.state),
    getFeed: (limit) => getJson<FeedEntry[]>(limit === undefined ? API_ROUTES.feed : `${API_ROUTES.feed}?limit=${limit}`),
    pause: () => post(API_ROUTES.pause),
    resume: () => post(API_ROUTES.resume),
    stop: () => post(API_ROUTES.stop),
    rearm: () => post(API_ROUTES.rearm),
    async answerApproval(id, decision, reason) {
      const body = reason ? { decision, reason } : { decision };
      return saveResult(await request(`${API_ROUTES.approvals}/${encodeURIComponent(id)}`, { method: 'POST', body: JSON.stringify(body) }));
    },
    async answerQuestion(id, answer) {
      return saveResult(await request(`${API_ROUTES.questions}/${encodeURIComponent(id)}`, { method: 'POST', body: JSON.stringify({ answer }) }));
    },
    async declineQuestion(id) {
      return saveResult(await request(`${API_ROUTES.questions}/${encodeURIComponent(id)}`, { method: 'POST', body: JSON.stringify({ decline: true }) }));
    },
    async saveSettings(settings: Settings) {
      return saveResult(await request(API_ROUTES.settings, { method: 'PUT', body: JSON.stringify(settings) }));
    },
    getAudit: (limit) =>
      getJson<{ records: AuditRecord[]; verification: AuditVerification }>(limit === undefined ? API_ROUTES.audit : `${API_ROUTES.audit}?limit=${limit}`),
    async reportPresence(presence) {
      // keepalive lets the last report (the tab closing) go out while the page unloads.
      const response = await request(API_ROUTES.presence, { method: 'POST', body: JSON.stringify(presence), keepalive: true });
      if (!response.ok) throw new Error(await errorText(response));
    },
    async getClientConfig() {
      return (await getJson<{ text: string }>(API_ROUTES.clientConfig)).text;
    },
    subscribe(listener) {
      let source: EventSource | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let closed = false;

      // Events sent before the stream opened (or while it was down) are lost, so every open replays the current state as events.
      const resync = async () => {
        try {
          const [state, feed] = await Promise.all([bridge.getState(), bridge.getFeed()]);
          if (closed) return;
          listener({ type: 'status', status: state.status, reason: state.reason });
          listener({ type: 'settings', settings: state.policy });
          for (const session of state.sessions) listener({ type: 'session', session });
          listener({ type: 'pending', pending: state.pending });
          for (const entry of feed) listener({ type: 'entry', entry });
        } catch {
          // The next reconnect tries again.
        }
      };

      const connect = () => {
        source = new EventSource(API_ROUTES.events, { withCredentials: true });
        source.onopen = () => void resync();
        source.onmessage = (message: MessageEvent<string>) => {
          try {
            listener(JSON.parse(message.data) as SupervisorEvent);
          } catch {
            // A malformed line is skipped; the stream stays up.
          }
        };
        source.onerror = () => {
          // EventSource retries by itself unless the server refused the stream; then we retry.
          if (source?.readyState === EventSource.CLOSED && !closed) {
            source.close();
            retry = setTimeout(connect, RECONNECT_DELAY_MS);
          }
        };
      };
      connect();
      return () => {
        closed = true;
        if (retry) clearTimeout(retry);
        source?.close();
      };
    },
  };
  return bridge;
}
