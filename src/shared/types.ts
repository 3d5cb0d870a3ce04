// Types shared by the server, the supervisor and the panel. No Node, no DOM, no Electron here.
import type { ActionTarget } from './target.js';

export type { ActionTarget } from './target.js';

export const TOOL_NAMES = [
  'screenshot',
  'desktop_state',
  'move',
  'click',
  'drag',
  'scroll',
  'type',
  'key',
  'wait',
  'app',
  'shell',
  'clipboard',
  'fetch_page',
  'ask_human',
  'context_usage',
  'find',
  'wait_for',
  'displays',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export type Risk = 'none' | 'read-only' | 'low' | 'medium' | 'high' | 'critical';

export const CALL_STATUSES = [
  'queued',
  'paused',
  'awaiting approval',
  'running',
  'done',
  'failed',
  'denied',
  'cancelled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export type SupervisorStatus = 'running' | 'paused' | 'stopped';

/** What an MCP tool returns; mirrors the MCP CallToolResult content we use. */
export type ToolContent =
  | { type: 'text'; text: string }
  | { type: 'image'; data: string; mimeType: string };
export interface ToolOutput {
  content: ToolContent[];
  isError?: boolean;
}

/** One tool call as the feed shows it. Args are the display form (redacted where policy says). */
export interface FeedEntry {
  id: string;
  seq: number;
  sessionId: string;
  client: string;
  tool: string;
  args: Record<string, unknown>;
  risk: Risk;
  status: CallStatus;
  requestedAt: number;
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  /** Who decided: the policy rule, a person, or the approval timeout. */
  decidedBy?: 'policy' | 'person' | 'timeout' | 'always';
  /** One-line result summary or the error message. */
  summary?: string;
  /** Why it is paused, denied or cancelled, in a plain sentence. */
  note?: string;
  /** Small JPEG data URL of the screen after a pointer action. */
  thumbnail?: string;
  tokens?: number;
  /** The window (and element) a pointer, key or typing call acts on. */
  target?: ActionTarget;
}

export type ApprovalDecision = 'approve' | 'always' | 'deny';

/** What the person sees before approving: exactly what will happen. */
export interface ApprovalPreview {
  command?: string;
  cwd?: string;
  text?: string;
  keys?: string;
  url?: string;
  /** PNG/JPEG data URL of a fresh screenshot with the target marked. */
  image?: string;
  target?: { x: number; y: number };
  /** The window (and element) the action lands on, by name. */
  on?: ActionTarget;
  /** One plain sentence: "Click the left button twice at (120, 88)". */
  description: string;
}

export interface PendingApproval {
  id: string;
  kind: 'approval';
  callId: string;
  sessionId: string;
  client: string;
  tool: string;
  args: Record<string, unknown>;
  risk: Risk;
  createdAt: number;
  expiresAt: number;
  preview: ApprovalPreview;
  /** Why the policy asked, in a sentence (the rule's or the preset's reason). */
  reason?: string;
}

export interface PendingQuestion {
  id: string;
  kind: 'question';
  callId: string;
  sessionId: string;
  client: string;
  tool: 'ask_human';
  args: Record<string, unknown>;
  question: string;
  createdAt: number;
  expiresAt: number;
}

export type Pending = PendingApproval | PendingQuestion;

export interface SessionInfo {
  id: string;
  client: string;
  calls: number;
  tokens: number;
  budget: number;
  byTool: Record<string, { calls: number; tokens: number }>;
  connectedAt: number;
  connected: boolean;
}

export type RuleMode = 'allow' | 'ask' | 'deny';
export const PRESET_NAMES = ['cautious', 'supervised', 'autonomous'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export type HandsOnMode = 'pause' | 'stop' | 'off';

export interface PolicyRule {
  /** A tool name or `*`. */
  tool: string;
  /** Name of the argument `match` applies to. */
  arg?: string;
  /** Regular expression (JavaScript syntax) tested against String(args[arg]). */
  match?: string;
  mode: RuleMode;
  /** Shown to the agent and the person when the rule denies or asks. */
  reason?: string;
}

export interface Settings {
  preset: PresetName;
  /** Person's rules; checked before the preset's, first match wins. */
  rules: PolicyRule[];
  approvalTimeoutS: number;
  handsOn: HandsOnMode;
  /** Calls per minute per session. */
  rateLimitPerMinute: number;
  redaction: { typedText: boolean; clipboard: boolean };
  tokenBudget: number;
  /** Hosts fetch_page may reach even though they resolve to loopback or private addresses. */
  fetchAllowHosts: string[];
  /** Electron accelerator for Stop all. */
  stopShortcut: string;
}

export interface StateSnapshot {
  status: SupervisorStatus;
  /** Why Chaperone is paused or stopped, in a plain sentence. */
  reason?: string;
  sessions: SessionInfo[];
  pending: Pending[];
  policy: Settings;
}

export interface AuditRecord {
  seq: number;
  ts: string;
  /** `interrupted` closes, at the next start, a call that a crash left without its `finished` record. */
  event: 'requested' | 'decided' | 'started' | 'finished' | 'interrupted' | 'control' | 'session';
  callId?: string;
  sessionId?: string;
  client?: string;
  tool?: string;
  args?: Record<string, unknown>;
  decision?: string;
  by?: string;
  outcome?: string;
  durationMs?: number;
  detail?: string;
  /** What the call acts on, in words (describeTarget). */
  target?: string;
  prev: string;
  hash: string;
}

/**
 * `ok` when every whole record chains and agrees with the head. `torn` (still ok) names a last line cut off
 * mid-write by a crash or a full disk: never acknowledged, so it hides no action. Anything else is `tampered`.
 */
export type AuditVerification =
  | { ok: true; records: number; files: number; torn?: { file: string; line: number; problem: string } }
  | { ok: false; kind: 'tampered'; records: number; file: string; line: number; problem: string };

/** Events the panel and /api/events subscribers receive. */
export type SupervisorEvent =
  | { type: 'entry'; entry: FeedEntry }
  | { type: 'status'; status: SupervisorStatus; reason?: string }
  | { type: 'pending'; pending: Pending[] }
  | { type: 'session'; session: SessionInfo }
  | { type: 'settings'; settings: Settings }
  | { type: 'notice'; level: 'info' | 'warning'; message: string; at: number };

export type SaveResult = { ok: true } | { ok: false; error: string };
