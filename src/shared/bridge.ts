// The one interface the control panel talks to. In a browser it is implemented over
// /api and the /api/events stream; in Electron the preload implements it over IPC.
import type {
  ApprovalDecision,
  AuditRecord,
  AuditVerification,
  FeedEntry,
  SaveResult,
  Settings,
  StateSnapshot,
  SupervisorEvent,
} from './types.js';
import type { PanelPresence } from './seat.js';

export interface Bridge {
  getState(): Promise<StateSnapshot>;
  /** Recent feed entries, oldest first. */
  getFeed(limit?: number): Promise<FeedEntry[]>;
  /** Live events; returns an unsubscribe function. */
  subscribe(listener: (event: SupervisorEvent) => void): () => void;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  rearm(): Promise<void>;
  answerApproval(id: string, decision: ApprovalDecision, reason?: string): Promise<SaveResult>;
  answerQuestion(id: string, answer: string): Promise<SaveResult>;
  /** The person declines to answer; the agent is told so. */
  declineQuestion(id: string): Promise<SaveResult>;
  saveSettings(settings: Settings): Promise<SaveResult>;
  getAudit(limit?: number): Promise<{ records: AuditRecord[]; verification: AuditVerification }>;
  getClientConfig(): Promise<string>;
  /** Browser only: where this panel is on screen, so agents' input never lands on it (the desktop app knows its own windows). */
  reportPresence?(presence: PanelPresence): Promise<void>;
  /** Desktop app only: whether the Stop all shortcut registered; undefined in a browser. */
  getShortcutStatus?(): Promise<{ accelerator: string; registered: boolean; error?: string }>;
}

/** HTTP routes behind the browser bridge (all under the panel's own origin). */
export const API_ROUTES = {
  state: '/api/state', // GET -> StateSnapshot
  feed: '/api/feed', // GET ?limit=N -> FeedEntry[] oldest first
  events: '/api/events', // GET -> text/event-stream, each `data:` line one SupervisorEvent as JSON
  pause: '/api/pause', // POST -> { status }
  resume: '/api/resume', // POST -> { status }
  stop: '/api/stop', // POST -> { status }
  rearm: '/api/rearm', // POST -> { status }
  approvals: '/api/approvals', // POST /api/approvals/ID { decision, reason? } -> { ok: true } | 404/409 { error }
  questions: '/api/questions', // POST /api/questions/ID { answer } -> { ok: true } | 404/409 { error }
  settings: '/api/settings', // GET -> Settings; PUT Settings -> { ok: true } | 400 { error }
  audit: '/api/audit', // GET ?limit=N -> { records, verification }
  clientConfig: '/api/client-config', // GET -> { text }
  presence: '/api/presence', // POST PanelPresence -> { ok: true }
} as const;
