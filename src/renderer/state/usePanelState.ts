// Supervisor state for the panel: one initial read, then kept current by the bridge's live events.
import { useEffect, useReducer } from 'react';
import type { Bridge } from '../../shared/bridge.js';
import type { Pending, SessionInfo, Settings, StateSnapshot, SupervisorEvent, SupervisorStatus } from '../../shared/types.js';
import type { FeedStore } from './feedStore.js';

const MAX_NOTICES = 5;

export interface Notice {
  key: number;
  level: 'info' | 'warning';
  message: string;
  at: number;
}

export interface PanelState {
  loaded: boolean;
  status: SupervisorStatus;
  reason?: string;
  sessions: SessionInfo[];
  pending: Pending[];
  settings?: Settings;
  notices: Notice[];
  /** Why the panel cannot reach the server, if it cannot. */
  connectionError?: string;
}

type Action =
  | { type: 'snapshot'; snapshot: StateSnapshot }
  | { type: 'event'; event: Exclude<SupervisorEvent, { type: 'entry' }> }
  | { type: 'connection-error'; message: string }
  | { type: 'dismiss'; key: number };

let noticeKey = 0;

function withNotice(state: PanelState, level: Notice['level'], message: string, at: number): PanelState {
  return { ...state, notices: [{ key: ++noticeKey, level, message, at }, ...state.notices].slice(0, MAX_NOTICES) };
}

function reduce(state: PanelState, action: Action): PanelState {
  switch (action.type) {
    case 'snapshot': {
      const { snapshot } = action;
      return {
        ...state,
        loaded: true,
        connectionError: undefined,
        status: snapshot.status,
        reason: snapshot.reason,
        sessions: snapshot.sessions,
        pending: snapshot.pending,
        settings: snapshot.policy,
      };
    }
    case 'connection-error':
      return { ...state, connectionError: action.message };
    case 'dismiss':
      return { ...state, notices: state.notices.filter((notice) => notice.key !== action.key) };
    case 'event': {
      const { event } = action;
      switch (event.type) {
        case 'status':
          // A status event proves the stream is up again, so an old connection error no longer holds.
          return { ...state, status: event.status, reason: event.reason, connectionError: undefined };
        case 'pending':
          return { ...state, pending: event.pending };
        case 'settings':
          return { ...state, settings: event.settings };
        case 'session': {
          const index = state.sessions.findIndex((session) => session.id === event.session.id);
          if (index < 0) return { ...state, sessions: [...state.sessions, event.session] };
          const sessions = [...state.sessions];
          sessions[index] = event.session;
          return { ...state, sessions };
        }
        case 'notice':
          return withNotice(state, event.level, event.message, event.at);
      }
    }
  }
}

const initialState: PanelState = { loaded: false, status: 'running', sessions: [], pending: [], notices: [] };

export function usePanelState(bridge: Bridge, feed: FeedStore): [PanelState, (key: number) => void, (message: string) => void] {
  const [state, dispatch] = useReducer(reduce, initialState);

  useEffect(() => {
    let active = true;
    const unsubscribe = bridge.subscribe((event) => {
      if (event.type === 'entry') feed.add(event.entry);
      else dispatch({ type: 'event', event });
    });
    Promise.all([bridge.getState(), bridge.getFeed()])
      .then(([snapshot, entries]) => {
        if (!active) return;
        dispatch({ type: 'snapshot', snapshot });
        for (const entry of entries) feed.add(entry);
      })
      .catch((error: unknown) => {
        if (active) dispatch({ type: 'connection-error', message: `Cannot reach Chaperone: ${error instanceof Error ? error.message : String(error)}` });
      });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [bridge, feed]);

  const dismiss = (key: number) => dispatch({ type: 'dismiss', key });
  const report = (message: string) => dispatch({ type: 'event', event: { type: 'notice', level: 'warning', message, at: Date.now() } });
  return [state, dismiss, report];
}
