// The road every tool call travels: feed, policy, approval, pause, kill switch, tokens.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { KeyboardDriver, PointerDriver } from '../drivers/types.js';
import type {
  ApprovalDecision,
  ApprovalPreview,
  AuditRecord,
  AuditVerification,
  CallStatus,
  FeedEntry,
  Pending,
  PendingApproval,
  PendingQuestion,
  PresetName,
  SaveResult,
  Settings,
  StateSnapshot,
  SupervisorEvent,
  SupervisorStatus,
  ToolOutput,
} from '../../shared/types.js';
import { EventHub } from './eventHub.js';
import { FeedRing } from './feed.js';
import {
  CLIENT_CANCELLED_MESSAGE,
  CallAborted,
  SESSION_CLOSED_MESSAGE,
  STOPPED_MESSAGE,
  deniedByPerson,
  deniedByPolicy,
  deniedByTimeout,
  errorOutput,
  failedMessage,
} from './messages.js';
import { PauseGate } from './pauseGate.js';
import { PendingBook, type PendingOutcome } from './pendingBook.js';
import { compilePolicy, type Policy } from './policy.js';
import { rateLimitMessage } from './rateLimit.js';
import { displayArgs, redacted, summaryHidden } from './redaction.js';
import { SessionRegistry, recordUse, snapshot, type SessionState } from './sessions.js';
import { checkSettings } from './settingsSchema.js';
import { SettingsStore } from './settingsStore.js';
import { outputTokens } from './tokenMeter.js';
import type { CallContext, CallRequest, ContextUsage, Supervisor, ToolAction } from './types.js';

export { DEFAULT_SETTINGS } from './settingsSchema.js';
export { PRESETS } from './presets.js';
export { verifyAuditChain } from './auditVerify.js';

export interface SupervisorOptions {
  dataDir: string;
  pointer?: Pick<PointerDriver, 'position' | 'lastPlaced' | 'releaseAll'>;
  keyboard?: Pick<KeyboardDriver, 'releaseAll'>;
  /** From --policy; overrides the stored preset for this run. */
  preset?: PresetName;
  now?: () => number;
  log?: (line: string) => void;
}

/** How often a waiting call tells its transport it is still alive (MCP progress). */
const WAITING_NOTICE_MS = 5_000;
const SUMMARY_LIMIT = 200;
const RESOLVED = Promise.resolve();

interface LiveCall {
  entry: FeedEntry;
  controller: AbortController;
}

type ApprovalAnswer = { decision: ApprovalDecision; reason?: string };

export async function createSupervisor(options: SupervisorOptions): Promise<Supervisor> {
  mkdirSync(options.dataDir, { recursive: true });
  return new ChaperoneSupervisor(options);
}

class ChaperoneSupervisor implements Supervisor {
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly events: EventHub;
  private readonly feedRing = new FeedRing();
  private readonly pauseGate = new PauseGate();
  private readonly sessions: SessionRegistry;
  private readonly store: SettingsStore;
  private readonly approvals: PendingBook<PendingApproval, ApprovalAnswer>;
  private readonly questions: PendingBook<PendingQuestion, string>;
  private readonly live = new Map<string, LiveCall>();
  private current: Settings;
  private policy: Policy;
  private status: SupervisorStatus = 'running';
  private reason: string | undefined;
  private seq = 0;

  constructor(private readonly options: SupervisorOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.events = new EventHub(this.log);
    this.sessions = new SessionRegistry(this.now);
    this.store = new SettingsStore(options.dataDir);
    const loaded = this.store.load();
    if (loaded.error) this.warn(loaded.error);
    this.current = options.preset ? { ...loaded.settings, preset: options.preset } : loaded.settings;
    this.policy = compilePolicy(this.current);
    const emitPending = (): void => this.events.emit({ type: 'pending', pending: this.pendingList() });
    this.approvals = new PendingBook(emitPending);
    this.questions = new PendingBook(emitPending);
  }

  async call(request: CallRequest, action: ToolAction): Promise<ToolOutput> {
    const session = this.sessions.get(request.sessionId) ?? this.sessions.open(request.sessionId, request.client);
    const entry: FeedEntry = {
      id: randomUUID(),
      seq: ++this.seq,
      sessionId: request.sessionId,
      client: request.client,
      tool: request.tool,
      args: displayArgs(request.tool, request.args, this.current.redaction),
      risk: action.risk,
      status: 'queued',
      requestedAt: this.now(),
    };
    this.feedRing.add(entry);
    this.emitEntry(entry);

    const refusal = this.refusal(session, request);
    if (refusal) return this.finish(session, entry, refusal.status, errorOutput(refusal.message), refusal.message);

    const controller = new AbortController();
    const onClientAbort = (): void => controller.abort(new CallAborted(CLIENT_CANCELLED_MESSAGE));
    request.clientSignal?.addEventListener('abort', onClientAbort, { once: true });
    if (request.clientSignal?.aborted) onClientAbort();
    this.live.set(entry.id, { entry, controller });
    try {
      return await this.travel(session, request, action, entry, controller.signal);
    } finally {
      this.live.delete(entry.id);
      request.clientSignal?.removeEventListener('abort', onClientAbort);
    }
  }

  /** Refusals that need no waiting: the kill switch and the rate limit. */
  private refusal(session: SessionState, request: CallRequest): { status: CallStatus; message: string } | null {
    if (this.status === 'stopped') return { status: 'cancelled', message: STOPPED_MESSAGE };
    const limit = this.current.rateLimitPerMinute;
    const retryMs = session.rate.take(this.now(), limit);
    if (retryMs > 0) return { status: 'denied', message: rateLimitMessage(limit, retryMs) };
    return null;
  }

  private async travel(
    session: SessionState,
    request: CallRequest,
    action: ToolAction,
    entry: FeedEntry,
    signal: AbortSignal,
  ): Promise<ToolOutput> {
    const decision = this.policy.decide(request.tool, request.args);
    if (decision.mode === 'deny') {
      entry.decidedBy = 'policy';
      const message = deniedByPolicy(decision.reason);
      return this.finish(session, entry, 'denied', errorOutput(message), message);
    }
    if (decision.mode === 'ask' && session.alwaysAllowed.has(request.tool)) {
      entry.decidedBy = 'always';
    } else if (decision.mode === 'ask') {
      const refused = await this.askApproval(session, request, action, entry, signal);
      if (refused) return refused;
    } else {
      entry.decidedBy = 'policy';
    }

    if (this.pauseGate.paused || signal.aborted) {
      try {
        await this.waitWhilePaused(request, entry, signal);
      } catch (reason) {
        return this.cancelled(session, entry, reason);
      }
    }
    return this.run(session, request, action, entry, signal);
  }

  private async askApproval(
    session: SessionState,
    request: CallRequest,
    action: ToolAction,
    entry: FeedEntry,
    signal: AbortSignal,
  ): Promise<ToolOutput | null> {
    let preview: ApprovalPreview;
    try {
      preview = action.preview ? await action.preview() : { description: `Run ${request.tool}.` };
    } catch (error) {
      preview = { description: `Run ${request.tool}. (The preview could not be made: ${failedMessage(request.tool, error)})` };
    }
    const timeoutS = this.current.approvalTimeoutS;
    const createdAt = this.now();
    const approval: PendingApproval = {
      id: randomUUID(),
      kind: 'approval',
      callId: entry.id,
      sessionId: entry.sessionId,
      client: entry.client,
      tool: entry.tool,
      args: entry.args,
      risk: entry.risk,
      createdAt,
      expiresAt: createdAt + timeoutS * 1000,
      preview,
    };
    this.setStatus(entry, 'awaiting approval');
    const stopNotices = this.waitingNotices(request, 'Waiting for a person to approve this action in the Chaperone panel.');
    let outcome: PendingOutcome<ApprovalAnswer>;
    try {
      outcome = await this.approvals.wait(approval, timeoutS * 1000, signal);
    } finally {
      stopNotices();
    }
    if (outcome.kind === 'cancelled') return this.cancelled(session, entry, outcome.reason);
    if (outcome.kind === 'timeout') {
      entry.decidedBy = 'timeout';
      const message = deniedByTimeout(timeoutS);
      return this.finish(session, entry, 'denied', errorOutput(message), message);
    }
    entry.decidedBy = outcome.answer.decision === 'always' ? 'always' : 'person';
    if (outcome.answer.decision === 'deny') {
      const message = deniedByPerson(outcome.answer.reason);
      return this.finish(session, entry, 'denied', errorOutput(message), message);
    }
    if (outcome.answer.decision === 'always') session.alwaysAllowed.add(request.tool);
    return null;
  }

  private async waitWhilePaused(request: CallRequest, entry: FeedEntry, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw signal.reason;
    if (this.reason) entry.note = this.reason;
    this.setStatus(entry, 'paused');
    const stopNotices = this.waitingNotices(request, 'Chaperone is paused by a person; this call will run when they resume.');
    try {
      await this.pauseGate.wait(signal);
    } finally {
      stopNotices();
    }
    delete entry.note;
  }

  private async run(
    session: SessionState,
    request: CallRequest,
    action: ToolAction,
    entry: FeedEntry,
    signal: AbortSignal,
  ): Promise<ToolOutput> {
    entry.startedAt = this.now();
    this.setStatus(entry, 'running');
    const ctx = this.context(session, request, entry, signal);
    let output: ToolOutput;
    try {
      output = await action.run(ctx);
    } catch (error) {
      if (signal.aborted) return this.cancelled(session, entry, signal.reason);
      const message = failedMessage(request.tool, error);
      return this.finish(session, entry, 'failed', errorOutput(message), message);
    }
    if (signal.aborted) return this.cancelled(session, entry, signal.reason);
    return this.finish(session, entry, output.isError ? 'failed' : 'done', output);
  }

  private context(session: SessionState, request: CallRequest, entry: FeedEntry, signal: AbortSignal): CallContext {
    return {
      callId: entry.id,
      sessionId: request.sessionId,
      signal,
      gate: () => {
        if (signal.aborted) return Promise.reject(signal.reason);
        if (!this.pauseGate.paused) return RESOLVED;
        return this.waitWhilePaused(request, entry, signal).then(() => this.setStatus(entry, 'running'));
      },
      askPerson: (question) => this.askPerson(request, entry, question, signal),
      usage: () => this.usage(session.info.id),
    };
  }

  private async askPerson(request: CallRequest, entry: FeedEntry, question: string, signal: AbortSignal): Promise<string> {
    const pending: PendingQuestion = {
      id: randomUUID(),
      kind: 'question',
      callId: entry.id,
      sessionId: entry.sessionId,
      client: entry.client,
      tool: 'ask_human',
      args: entry.args,
      question,
      createdAt: this.now(),
    };
    const stopNotices = this.waitingNotices(request, 'Waiting for a person to answer in the Chaperone panel.');
    let outcome: PendingOutcome<string>;
    try {
      outcome = await this.questions.wait(pending, 0, signal);
    } finally {
      stopNotices();
    }
    if (outcome.kind === 'answered') return outcome.answer;
    throw outcome.kind === 'cancelled' ? outcome.reason : new CallAborted('No one answered the question.');
  }

  private cancelled(session: SessionState, entry: FeedEntry, reason: unknown): ToolOutput {
    const message = reason instanceof Error && reason.message ? reason.message : STOPPED_MESSAGE;
    return this.finish(session, entry, 'cancelled', errorOutput(message), message);
  }

  private finish(session: SessionState, entry: FeedEntry, status: CallStatus, output: ToolOutput, note?: string): ToolOutput {
    const finishedAt = this.now();
    const tokens = outputTokens(output);
    entry.finishedAt = finishedAt;
    if (entry.startedAt !== undefined) entry.durationMs = finishedAt - entry.startedAt;
    entry.tokens = tokens;
    if (note === undefined) delete entry.note;
    else entry.note = note;
    entry.summary = summaryHidden(entry.tool, this.current.redaction) ? summaryOfHidden(output) : summarize(output);
    this.setStatus(entry, status);
    recordUse(session, entry.tool, tokens);
    this.afterUse(session);
    return output;
  }

  private afterUse(session: SessionState): void {
    const budget = this.current.tokenBudget;
    if (!session.warned && session.info.tokens >= budget * 0.8) {
      session.warned = true;
      this.warn(
        `Session ${session.info.client || session.info.id} has used ${session.info.tokens} of its ${budget} token budget (80% or more).`,
      );
    }
    if (this.events.active) this.events.emit({ type: 'session', session: snapshot(session, budget) });
  }

  private waitingNotices(request: CallRequest, message: string): () => void {
    const notify = request.onWaiting;
    if (!notify) return () => undefined;
    const safeNotify = (): void => {
      try {
        notify(message);
      } catch (error) {
        this.log(`A waiting notice failed: ${(error as Error).message}`);
      }
    };
    safeNotify();
    const timer = setInterval(safeNotify, WAITING_NOTICE_MS);
    return () => clearInterval(timer);
  }

  private setStatus(entry: FeedEntry, status: CallStatus): void {
    entry.status = status;
    this.emitEntry(entry);
  }

  private emitEntry(entry: FeedEntry): void {
    if (this.events.active) this.events.emit({ type: 'entry', entry: { ...entry } });
  }

  private warn(message: string): void {
    this.log(message);
    this.events.emit({ type: 'notice', level: 'warning', message, at: this.now() });
  }

  private setSupervisorStatus(status: SupervisorStatus, reason: string | undefined): void {
    this.status = status;
    this.reason = reason;
    this.events.emit({ type: 'status', status, reason });
  }

  sessionOpened(sessionId: string, client: string): void {
    const state = this.sessions.open(sessionId, client);
    this.events.emit({ type: 'session', session: snapshot(state, this.current.tokenBudget) });
  }

  sessionClosed(sessionId: string): void {
    const reason = new CallAborted(SESSION_CLOSED_MESSAGE);
    this.approvals.cancel((item) => item.sessionId === sessionId, reason);
    this.questions.cancel((item) => item.sessionId === sessionId, reason);
    const state = this.sessions.close(sessionId);
    if (state) this.events.emit({ type: 'session', session: snapshot(state, this.current.tokenBudget) });
  }

  usage(sessionId: string): ContextUsage {
    return this.sessions.usage(sessionId, this.current.tokenBudget);
  }

  pause(by: string, reason?: string): void {
    if (this.status !== 'running') return;
    this.pauseGate.pause();
    this.setSupervisorStatus('paused', reason ?? `Paused by ${by}.`);
  }

  resume(by: string): void {
    if (this.status !== 'paused') return;
    this.setSupervisorStatus('running', undefined);
    this.log(`Resumed by ${by}.`);
    this.pauseGate.resume();
  }

  async stop(by: string, reason?: string): Promise<void> {
    const why = reason ?? `Stopped by ${by}.`;
    this.setSupervisorStatus('stopped', why);
    const abortReason = new CallAborted(STOPPED_MESSAGE);
    for (const call of this.live.values()) call.controller.abort(abortReason);
    this.approvals.cancel(() => true, abortReason);
    this.questions.cancel(() => true, abortReason);
    await this.releaseHeld();
  }

  rearm(by: string): void {
    if (this.status !== 'stopped') return;
    this.log(`Re-armed by ${by}.`);
    this.pauseGate.resume();
    this.setSupervisorStatus('running', undefined);
  }

  answerApproval(id: string, decision: ApprovalDecision, reason: string | undefined, by: string): SaveResult & { status?: 404 | 409 } {
    return this.approvals.answer(id, { decision, reason }, by);
  }

  answerQuestion(id: string, answer: string, by: string): SaveResult & { status?: 404 | 409 } {
    return this.questions.answer(id, answer, by);
  }

  private pendingList(): Pending[] {
    return [...this.approvals.list(), ...this.questions.list()];
  }

  state(): StateSnapshot {
    return {
      status: this.status,
      reason: this.reason,
      sessions: this.sessions.list(this.current.tokenBudget),
      pending: this.pendingList(),
      policy: this.settings(),
    };
  }

  feed(limit?: number): FeedEntry[] {
    return this.feedRing.recent(limit);
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  settings(): Settings {
    return structuredClone(this.current);
  }

  saveSettings(settings: unknown): SaveResult {
    const checked = checkSettings(settings);
    if (!checked.ok) return { ok: false, error: `The settings were not saved: ${checked.error}` };
    try {
      this.store.save(checked.settings);
    } catch (error) {
      return { ok: false, error: `The settings could not be written to ${this.store.file}: ${(error as Error).message}` };
    }
    this.current = checked.settings;
    this.policy = compilePolicy(this.current);
    this.events.emit({ type: 'settings', settings: this.settings() });
    return { ok: true };
  }

  auditRecent(): AuditRecord[] {
    return [];
  }

  async auditVerify(): Promise<AuditVerification> {
    return { ok: true, records: 0, files: 0 };
  }

  async close(): Promise<void> {
    const reason = new CallAborted('Chaperone is shutting down, so the call was cancelled.');
    for (const call of this.live.values()) call.controller.abort(reason);
    this.approvals.cancel(() => true, reason);
    this.questions.cancel(() => true, reason);
    await this.releaseHeld();
  }

  private async releaseHeld(): Promise<void> {
    const results = await Promise.allSettled([this.options.keyboard?.releaseAll(), this.options.pointer?.releaseAll()]);
    for (const result of results) {
      if (result.status === 'rejected') this.log(`Releasing held keys or buttons failed: ${failedMessage('release', result.reason)}`);
    }
  }
}

function summarize(output: ToolOutput): string {
  const parts: string[] = [];
  for (const content of output.content) {
    if (content.type === 'text') parts.push(content.text.split('\n', 1)[0] ?? '');
    else parts.push(`[${content.mimeType}]`);
  }
  const line = parts.join(' ').trim();
  return line.length > SUMMARY_LIMIT ? `${line.slice(0, SUMMARY_LIMIT - 1)}…` : line;
}

function summaryOfHidden(output: ToolOutput): string {
  if (output.isError) return summarize(output);
  const text = output.content.map((content) => (content.type === 'text' ? content.text : '')).join('');
  return redacted(text);
}
