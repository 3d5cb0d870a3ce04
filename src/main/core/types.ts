// The road every tool call travels: the MCP layer builds a ToolAction and hands it to the Supervisor.
import type { ActionControl } from '../drivers/types.js';
import type {
  ApprovalDecision,
  ApprovalPreview,
  AuditRecord,
  AuditVerification,
  FeedEntry,
  Risk,
  SaveResult,
  Settings,
  StateSnapshot,
  SupervisorEvent,
  ToolName,
  ToolOutput,
} from '../../shared/types.js';
import type { ActionTarget } from '../../shared/target.js';

/** What a call acts on, and why it must not run when that is one of Chaperone's own windows. */
export interface TargetCheck {
  target: ActionTarget;
  /** A sentence for the agent when the target is Chaperone's own window. */
  refusal?: string;
}

export interface CallRequest {
  sessionId: string;
  /** From the MCP session's clientInfo, e.g. "claude-code 1.2". */
  client: string;
  tool: ToolName;
  /** Validated input. The supervisor derives the display (redacted) form itself. */
  args: Record<string, unknown>;
  /** Called every few seconds while the call waits (approval, pause, question): transports send MCP progress. */
  onWaiting?: (message: string) => void;
  /** Aborted when the client cancels the request or disconnects. */
  clientSignal?: AbortSignal;
}

export interface ContextUsage {
  sessionId: string;
  tokens: number;
  budget: number;
  /** Per tool; estimatedTokens is how many of its tokens are estimates (absent when all are exact). */
  byTool: Record<string, { calls: number; tokens: number; estimatedTokens?: number }>;
  /** How many of `tokens` are estimates: texts over 100,000 characters, ones counted before the tokenizer loaded, or cut mid-word. Absent when all are exact. */
  estimatedTokens?: number;
}

export type PersonReply = { kind: 'answered'; answer: string } | { kind: 'declined' } | { kind: 'timeout'; seconds: number };

/** What a running action may use besides pause/abort. */
export interface CallContext extends ActionControl {
  callId: string;
  sessionId: string;
  /** Shows a question to the person and resolves with their answer, their decline, or a timeout after timeoutS seconds (ask_human). */
  askPerson(question: string, timeoutS: number): Promise<PersonReply>;
  /** This session's context usage so far (context_usage). */
  usage(): ContextUsage;
}

export interface ToolAction {
  risk: Risk;
  /** Pointer actions get hands-on detection and a thumbnail of the screen afterwards. */
  pointer?: boolean;
  /** Makes input on the desktop or the machine (pointer, keys, text, apps, clipboard, shell): it waits while a person is being asked. */
  makesInput?: boolean;
  /** Finds the window (and element) the call acts on; run before the policy decides and again after any wait. Never throws. */
  target?(): Promise<TargetCheck>;
  run(ctx: CallContext): Promise<ToolOutput>;
  /** Exactly what will happen, for the approval dialog (fresh screenshot with the target marked, command, text). */
  preview?(): Promise<ApprovalPreview>;
  /** Small JPEG data URL of the screen after a pointer action, for the feed. */
  thumbnail?(): Promise<string | undefined>;
}

/** Whether a person's control (pause, resume, stop, rearm) reached the audit log; it took effect either way. */
export type ControlResult = { recorded: true } | { recorded: false; error: string };

export interface Supervisor {
  /** Runs one call down the road. Never throws: refusals and failures come back as isError outputs. */
  call(request: CallRequest, action: ToolAction): Promise<ToolOutput>;

  sessionOpened(sessionId: string, client: string): void;
  /** Cancels the session's waiting approvals and questions. */
  sessionClosed(sessionId: string): void;
  /** Whether a live session's client is still there, as its event stream shows; changes nothing but the sessions view. */
  sessionPresence(sessionId: string, connected: boolean): void;
  usage(sessionId: string): ContextUsage;

  /** Pause, resume, stop and rearm always take effect; the result says whether the audit log recorded it. */
  pause(by: string, reason?: string): ControlResult;
  resume(by: string): ControlResult;
  /** Kill switch. Nothing an agent can send calls this. */
  stop(by: string, reason?: string): Promise<ControlResult>;
  rearm(by: string): ControlResult;
  answerApproval(id: string, decision: ApprovalDecision, reason: string | undefined, by: string): SaveResult & { status?: 404 | 409 };
  answerQuestion(id: string, answer: string, by: string): SaveResult & { status?: 404 | 409 };
  declineQuestion(id: string, by: string): SaveResult & { status?: 404 | 409 };

  state(): StateSnapshot;
  feed(limit?: number): FeedEntry[];
  subscribe(listener: (event: SupervisorEvent) => void): () => void;
  settings(): Settings;
  /** `by` names who saved, for the audit log. */
  saveSettings(settings: unknown, by?: string): SaveResult;
  auditRecent(limit?: number): AuditRecord[];
  auditVerify(): Promise<AuditVerification>;

  /** Flushes the audit log and releases held keys and buttons. */
  close(): Promise<void>;
}
