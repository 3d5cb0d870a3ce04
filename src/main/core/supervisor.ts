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
import { AuditLog, type AuditInput } from './auditLog.js';
import { verifyAuditChain } from './auditVerify.js';
import { followClientAbort } from './clientAbort.js';
import { EventHub } from './eventHub.js';
import { FeedRing } from './feed.js';
import { HandsOnDetector } from './handsOn.js';
import {
  CallAborted,
  SESSION_CLOSED_MESSAGE,
  STOPPED_MESSAGE,
  deniedByPerson,
  deniedByPolicy,
  deniedByTimeout,
  failedMessage,
} from './messages.js';
import { errorOutput } from '../../shared/toolOutput.js';
import { PauseGate } from './pauseGate.js';
import { PersonSeat } from './personSeat.js';
import { PendingBook, type PendingOutcome } from './pendingBook.js';
import { compilePolicy, type Policy } from './policy.js';
import { rateLimitMessage } from './rateLimit.js';
import { displayArgs, redactArgs, redacted, summaryHidden } from './redaction.js';
import { SessionRegistry, recordUse, snapshot, type SessionState } from './sessions.js';
import { checkSettings } from './settingsSchema.js';
import { SettingsStore } from './settingsStore.js';
import { ThumbnailQueue } from './thumbnails.js';
import { outputTokens } from './tokenMeter.js';
import type { CallContext, CallRequest, ContextUsage, ControlResult, PersonReply, Supervisor, TargetCheck, ToolAction } from './types.js';
import { describeTarget } from '../../shared/target.js';

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
  /** How long a closed session stays in the sessions view; default 10 minutes. */
  sessionRetentionMs?: number;
}

/** How often a waiting call tells its transport it is still alive (MCP progress). */
const WAITING_NOTICE_MS = 5_000;
const SUMMARY_LIMIT = 200;
const RESOLVED = Promise.resolve();
const RECORDED: ControlResult = { recorded: true };

interface LiveCall {
  entry: FeedEntry;
  controller: AbortController;
}

/** A call whose result has been returned and whose bookkeeping has not been done yet. */
interface Finished {
  call: Call;
  status: CallStatus;
  output: ToolOutput;
  note?: string;
}

/** One call on its way: who asked, what it does, and its feed entry. */
interface Call {
  session: SessionState;
  request: CallRequest;
  action: ToolAction;
  entry: FeedEntry;
}

/** A call past its first checks: it can be cancelled, and it notes whether it waited (its target is then looked at again). */
interface LiveRoad extends Call {
  signal: AbortSignal;
  waited: boolean;
  /** Why the policy asks a person, for the approval. */
  askedBecause?: string;
  /** Stops hands-on detection for this call while it runs; undefined when not watched. */
  unwatch?: () => void;
}

// Finding the target must not hold a call for long: a slow window manager gets an "unknown" target instead.
const TARGET_TIMEOUT_MS = 2_000;

/** Non-pointer tools that still get hands-on detection: a person reaching for the mouse mid-typing wants the desktop back. */
const HANDS_ON_TOOLS = new Set(['type', 'key', 'wait', 'scroll']);

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
  private readonly seat = new PersonSeat();
  private readonly sessions: SessionRegistry;
  private readonly store: SettingsStore;
  private readonly approvals: PendingBook<PendingApproval, ApprovalAnswer>;
  private readonly questions: PendingBook<PendingQuestion, string | null>;
  private readonly live = new Map<string, LiveCall>();
  private readonly audit: AuditLog;
  private readonly handsOn: HandsOnDetector | undefined;
  private readonly thumbnails: ThumbnailQueue;
  private current: Settings;
  private policy: Policy;
  /** What the deny list protects of Chaperone itself. */
  private readonly guard: { dataDir: string; pid: number };
  private status: SupervisorStatus = 'running';
  private reason: string | undefined;
  private seq = 0;
  private unsettled: Finished[] = [];
  private settleSoon: ReturnType<typeof setImmediate> | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.events = new EventHub(this.log);
    this.sessions = new SessionRegistry(this.now, options.sessionRetentionMs);
    this.store = new SettingsStore(options.dataDir);
    this.audit = new AuditLog(options.dataDir, this.now, (message) => this.warn(message));
    const loaded = this.store.load();
    if (loaded.error) this.warn(loaded.error);
    this.current = options.preset ? { ...loaded.settings, preset: options.preset } : loaded.settings;
    this.guard = { dataDir: options.dataDir, pid: process.pid };
    this.policy = compilePolicy(this.current, this.guard);
    const pointer = options.pointer;
    this.handsOn = pointer
      ? new HandsOnDetector(pointer, () => this.status === 'running' && !this.seat.held, (tool) => this.personGrabbedMouse(tool), this.log)
      : undefined;
    this.thumbnails = new ThumbnailQueue((entry) => this.emitEntry(entry), this.log);
    const emitPending = (): void => this.events.emit({ type: 'pending', pending: this.pendingList() });
    this.approvals = new PendingBook(emitPending);
    this.questions = new PendingBook(emitPending);
  }

  async call(request: CallRequest, action: ToolAction): Promise<ToolOutput> {
    this.settle();
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
    const requested: AuditInput = {
      event: 'requested',
      callId: entry.id,
      sessionId: entry.sessionId,
      client: entry.client,
      tool: entry.tool,
      args: redactArgs(request.tool, request.args, this.current.redaction),
    };

    const refusal = this.refusal(session);
    if (refusal) {
      this.recordOrWarn(requested, { event: 'decided', callId: entry.id, decision: 'deny', by: refusal.by, detail: refusal.message });
      return this.finish({ session, request, action, entry }, refusal.status, errorOutput(refusal.message), refusal.message);
    }

    const controller = new AbortController();
    const stopFollowing = followClientAbort(request.clientSignal, controller);
    this.live.set(entry.id, { entry, controller });
    try {
      return await this.travel({ session, request, action, entry, signal: controller.signal, waited: false }, requested);
    } catch (error) {
      // Only writing the audit log throws here, and always before the action: no unrecorded action ever runs.
      const message = `Chaperone could not record this ${request.tool} call in its audit log, so it did not run it (${(error as Error).message}).`;
      return this.finish({ session, request, action, entry }, 'failed', errorOutput(message), message);
    } finally {
      this.live.delete(entry.id);
      stopFollowing();
    }
  }

  /** Refusals that need no waiting: the kill switch and the rate limit. */
  private refusal(session: SessionState): { status: CallStatus; message: string; by: string } | null {
    if (this.status === 'stopped') return { status: 'cancelled', message: STOPPED_MESSAGE, by: 'kill switch' };
    const limit = this.current.rateLimitPerMinute;
    const retryMs = session.rate.take(this.now(), limit);
    if (retryMs > 0) return { status: 'denied', message: rateLimitMessage(limit, retryMs), by: 'rate limit' };
    return null;
  }

  private async travel(call: LiveRoad, requested: AuditInput): Promise<ToolOutput> {
    const { session, request, action, entry } = call;
    if (action.target) {
      const check = await this.findTarget(action);
      entry.target = check.target;
      requested.target = describeTarget(check.target);
      if (check.refusal) return this.refuseOwnWindow(call, check.refusal, requested);
    }
    const decision = this.policy.decide(request.tool, request.args, entry.target);
    const by = decision.source === 'preset' ? `policy (${this.current.preset} preset)` : decision.source === 'rule' ? 'policy (your rule)' : 'policy (built-in deny list)';
    if (decision.mode === 'deny') {
      entry.decidedBy = 'policy';
      const message = deniedByPolicy(decision.reason);
      this.audit.append(requested, { event: 'decided', callId: entry.id, decision: 'deny', by, detail: decision.reason });
      return this.finish(call, 'denied', errorOutput(message), message);
    }
    const grantedAlways = decision.mode === 'ask' && session.alwaysAllowed.has(request.tool);
    try {
      if (decision.mode === 'allow' || grantedAlways) {
        entry.decidedBy = grantedAlways ? 'always' : 'policy';
        const decided: AuditInput = { event: 'decided', callId: entry.id, decision: 'allow', by: grantedAlways ? 'person (always allow)' : by };
        if (!this.pauseGate.paused && !call.signal.aborted && !this.mustWaitForSeat(call)) {
          this.audit.append(requested, decided, { event: 'started', callId: entry.id });
          return this.run(call);
        }
        this.audit.append(requested, decided);
        await this.waitForSeat(call);
      } else {
        this.audit.append(requested, { event: 'decided', callId: entry.id, decision: 'ask', by, detail: decision.reason });
        call.askedBecause = decision.reason;
        await this.waitForSeat(call);
        const refused = await this.askApproval(call);
        if (refused) return refused;
      }
      await this.waitWhilePaused(call);
    } catch (reason) {
      // Waits end early only by an abort; anything else (the audit log failing) is the caller's to report.
      if (!call.signal.aborted) throw reason;
      return this.cancelled(call, reason);
    }
    if (call.waited && action.target) {
      // The screen may have changed while the call waited: what it lands on now is what counts.
      const check = await this.findTarget(action);
      entry.target = check.target;
      if (check.refusal) return this.refuseOwnWindow(call, check.refusal);
    }
    this.audit.append({ event: 'started', callId: entry.id });
    return this.run(call);
  }

  private async findTarget(action: ToolAction): Promise<TargetCheck> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Not knowing the target fails closed: the call might land on Chaperone's own window.
    const unknown = (why: string): TargetCheck => ({
      target: { window: null, unknown: why },
      refusal: `${why} Chaperone does not make input it cannot place, since it might land on its own controls; try again in a moment.`,
    });
    const late = new Promise<TargetCheck>((resolve) => {
      timer = setTimeout(() => resolve(unknown(`Finding the window this call acts on took longer than ${TARGET_TIMEOUT_MS / 1000} s.`)), TARGET_TIMEOUT_MS);
    });
    try {
      return await Promise.race([(action.target as () => Promise<TargetCheck>)(), late]);
    } catch (error) {
      return unknown(`Finding the window this call acts on failed: ${failedMessage('target', error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A call aimed at Chaperone's own windows: a denial like any other, in the feed and the audit log. */
  private refuseOwnWindow(call: LiveRoad, message: string, requested?: AuditInput): ToolOutput {
    call.entry.decidedBy = 'policy';
    const decided: AuditInput = { event: 'decided', callId: call.entry.id, decision: 'deny', by: "chaperone (own window)", detail: message };
    if (requested) this.audit.append(requested, decided);
    else this.audit.append(decided);
    return this.finish(call, 'denied', errorOutput(message), message);
  }

  private mustWaitForSeat(call: LiveRoad): boolean {
    return call.action.makesInput === true && !this.seat.free(call.entry.id);
  }

  /** Input waits while a person is being asked, so what they judge stays what will happen; it then goes on in arrival order. */
  private async waitForSeat(call: LiveRoad): Promise<void> {
    const { request, entry, signal } = call;
    if (call.action.makesInput !== true) return;
    if (!this.mustWaitForSeat(call)) {
      await this.seat.wait(entry.id, signal);
      return;
    }
    call.waited = true;
    const before = entry.status;
    entry.note = `Waiting while a person answers: ${this.seat.reason ?? 'a request in the panel'}.`;
    this.setStatus(entry, 'queued');
    const stopNotices = this.waitingNotices(request, 'Waiting while a person answers another request in the Chaperone panel; this call runs after that.');
    try {
      await this.seat.wait(entry.id, signal);
    } finally {
      stopNotices();
    }
    delete entry.note;
    if (before !== 'queued') this.setStatus(entry, before);
  }

  /** Holds the person's seat while `asking` waits for them; other input waits meanwhile. */
  private async holdingSeat<T>(call: LiveRoad, what: string, asking: () => Promise<T>): Promise<T> {
    this.seat.take(call.entry.id, `${what} from ${call.entry.client || 'an agent'}`);
    try {
      return await asking();
    } finally {
      this.seat.leave(call.entry.id);
      if (!this.seat.held) this.handsOn?.rebaseline();
    }
  }

  private askApproval(call: LiveRoad): Promise<ToolOutput | null> {
    call.waited = true;
    return this.holdingSeat(call, `an approval for ${call.request.tool}`, () => this.approval(call));
  }

  private async approval(call: LiveRoad): Promise<ToolOutput | null> {
    const { session, request, action, entry, signal } = call;
    let preview: ApprovalPreview;
    try {
      preview = action.preview ? await action.preview() : { description: `Run ${request.tool}.` };
      if (entry.target && !preview.on) preview = { ...preview, on: entry.target };
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
      reason: call.askedBecause,
    };
    this.setStatus(entry, 'awaiting approval');
    const stopNotices = this.waitingNotices(request, 'Waiting for a person to approve this action in the Chaperone panel.');
    let outcome: PendingOutcome<ApprovalAnswer>;
    try {
      outcome = await this.approvals.wait(approval, timeoutS * 1000, signal);
    } finally {
      stopNotices();
    }
    if (outcome.kind === 'cancelled') {
      this.audit.append({ event: 'decided', callId: entry.id, decision: 'cancelled', by: 'chaperone', detail: reasonText(outcome.reason) });
      return this.cancelled(call, outcome.reason);
    }
    if (outcome.kind === 'timeout') {
      entry.decidedBy = 'timeout';
      const message = deniedByTimeout(timeoutS);
      this.audit.append({ event: 'decided', callId: entry.id, decision: 'deny', by: 'timeout', detail: message });
      return this.finish(call, 'denied', errorOutput(message), message);
    }
    const { decision, reason } = outcome.answer;
    entry.decidedBy = decision === 'always' ? 'always' : 'person';
    this.audit.append({ event: 'decided', callId: entry.id, decision, by: outcome.by, detail: reason });
    if (decision === 'deny') {
      const message = deniedByPerson(reason);
      return this.finish(call, 'denied', errorOutput(message), message);
    }
    if (decision === 'always') session.alwaysAllowed.add(request.tool);
    return null;
  }

  private async waitWhilePaused(call: LiveRoad): Promise<void> {
    const { request, entry, signal } = call;
    if (signal.aborted) throw signal.reason;
    if (!this.pauseGate.paused) return;
    call.waited = true;
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

  private async run(call: LiveRoad): Promise<ToolOutput> {
    const { request, action, entry, signal } = call;
    entry.startedAt = this.now();
    this.setStatus(entry, 'running');
    call.unwatch = this.watchHandsOn(call);
    let output: ToolOutput;
    try {
      output = await action.run(this.context(call));
    } catch (error) {
      if (signal.aborted) return this.cancelled(call, signal.reason);
      const message = failedMessage(request.tool, error);
      return this.finish(call, 'failed', errorOutput(message), message);
    } finally {
      call.unwatch?.();
    }
    if (signal.aborted) return this.cancelled(call, signal.reason);
    const result = this.finish(call, output.isError ? 'failed' : 'done', output);
    if (action.pointer && !output.isError) this.thumbnails.request(entry, action);
    return result;
  }

  private context(call: LiveRoad): CallContext {
    const { session, entry, signal } = call;
    return {
      callId: entry.id,
      sessionId: entry.sessionId,
      signal,
      gate: () => {
        if (signal.aborted) return Promise.reject(signal.reason);
        if (!this.pauseGate.paused && !this.mustWaitForSeat(call)) return RESOLVED;
        return this.holdRunning(call);
      },
      askPerson: (question, timeoutS) => this.askPerson(call, question, timeoutS),
      usage: () => this.usage(session.info.id),
    };
  }

  /** Starts hands-on detection for a running call that gets it; returns how to stop it. */
  private watchHandsOn({ request, action }: LiveRoad): (() => void) | undefined {
    const watched = this.handsOn && this.current.handsOn !== 'off' && (action.pointer || HANDS_ON_TOOLS.has(request.tool));
    return watched ? this.handsOn?.watch(request.tool, action.pointer === true) : undefined;
  }

  /** A running input call halts at its next step while a person is asked or Chaperone is paused. */
  private async holdRunning(call: LiveRoad): Promise<void> {
    const { entry } = call;
    call.unwatch?.();
    call.unwatch = undefined;
    try {
      while (this.pauseGate.paused || this.mustWaitForSeat(call)) {
        await this.waitForSeat(call);
        await this.waitWhilePaused(call);
      }
    } finally {
      if (!call.signal.aborted) call.unwatch = this.watchHandsOn(call);
    }
    this.setStatus(entry, 'running');
  }

  private askPerson(call: LiveRoad, question: string, timeoutS: number): Promise<PersonReply> {
    return this.holdingSeat(call, 'a question', () => this.question(call, question, timeoutS));
  }

  private async question(call: LiveRoad, question: string, timeoutS: number): Promise<PersonReply> {
    const { request, entry, signal } = call;
    const createdAt = this.now();
    const pending: PendingQuestion = {
      id: randomUUID(),
      kind: 'question',
      callId: entry.id,
      sessionId: entry.sessionId,
      client: entry.client,
      tool: 'ask_human',
      args: entry.args,
      question,
      createdAt,
      expiresAt: createdAt + timeoutS * 1000,
    };
    const stopNotices = this.waitingNotices(request, 'Waiting for a person to answer in the Chaperone panel.');
    let outcome: PendingOutcome<string | null>;
    try {
      outcome = await this.questions.wait(pending, timeoutS * 1000, signal);
    } finally {
      stopNotices();
    }
    if (outcome.kind === 'cancelled') throw outcome.reason;
    if (outcome.kind === 'timeout') {
      this.audit.append({ event: 'decided', callId: entry.id, decision: 'timeout', by: 'timeout' });
      return { kind: 'timeout', seconds: timeoutS };
    }
    // A null answer is a decline (declineQuestion); the answer itself never goes into the decided record.
    if (outcome.answer === null) {
      this.audit.append({ event: 'decided', callId: entry.id, decision: 'declined', by: outcome.by });
      return { kind: 'declined' };
    }
    this.audit.append({ event: 'decided', callId: entry.id, decision: 'answered', by: outcome.by });
    return { kind: 'answered', answer: outcome.answer };
  }

  private cancelled(call: Call, reason: unknown): ToolOutput {
    const message = reasonText(reason);
    return this.finish(call, 'cancelled', errorOutput(message), message);
  }

  /**
   * Times the call, writes its `finished` record and hands its result back: the record is on disk before the
   * agent has the result. Token counting and publishing run right after.
   */
  private finish(call: Call, status: CallStatus, output: ToolOutput, note?: string): ToolOutput {
    const { entry } = call;
    const finishedAt = this.now();
    entry.finishedAt = finishedAt;
    if (entry.startedAt !== undefined) entry.durationMs = finishedAt - entry.startedAt;
    entry.summary = summaryHidden(entry.tool, this.current.redaction) ? summaryOfHidden(output) : summarize(output);
    this.recordOrWarn({ event: 'finished', callId: entry.id, outcome: status, durationMs: entry.durationMs, detail: note ?? entry.summary });
    this.unsettled.push({ call, status, output, note });
    this.settleSoon ??= setImmediate(() => this.settle());
    return output;
  }

  /**
   * Counts tokens and publishes the outcome for every returned call.
   * Everything that reads state settles first, so no one ever sees a call between the two halves.
   */
  private settle(): void {
    if (this.settleSoon !== undefined) clearImmediate(this.settleSoon);
    this.settleSoon = undefined;
    const finished = this.unsettled;
    if (finished.length === 0) return;
    this.unsettled = [];
    for (const job of finished) this.settleOne(job);
  }

  private settleOne({ call, status, output, note }: Finished): void {
    const { session, entry } = call;
    const tokens = outputTokens(output);
    entry.tokens = tokens.tokens;
    if (note === undefined) delete entry.note;
    else entry.note = note;
    this.setStatus(entry, status);
    recordUse(session, entry.tool, tokens);
    this.afterUse(session);
  }

  /** For records of what already happened (a refusal, an outcome): a failed write is told to the person, never thrown. */
  private recordOrWarn(...records: AuditInput[]): void {
    try {
      this.audit.append(...records);
    } catch (error) {
      this.warn(`Chaperone could not write to its audit log: ${(error as Error).message}`);
    }
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

  private personGrabbedMouse(tool: string): void {
    const stop = this.current.handsOn === 'stop';
    const message = stop
      ? `A person moved the mouse while ${tool} was running, so Chaperone stopped all actions. Re-arm in the panel to continue.`
      : `A person moved the mouse while ${tool} was running, so Chaperone paused. Resume in the panel when the desktop is free.`;
    this.warn(message);
    if (stop) void this.stop('hands-on detection', message);
    else this.pause('hands-on detection', message);
  }

  sessionOpened(sessionId: string, client: string): void {
    this.settle();
    const state = this.sessions.open(sessionId, client);
    this.audit.append({ event: 'session', sessionId, client, detail: 'opened' });
    this.events.emit({ type: 'session', session: snapshot(state, this.current.tokenBudget) });
  }

  sessionClosed(sessionId: string): void {
    this.settle();
    const reason = new CallAborted(SESSION_CLOSED_MESSAGE);
    // Calls still waiting (paused, awaiting approval) would otherwise run for a client that is gone.
    for (const call of this.live.values()) {
      if (call.entry.sessionId === sessionId && call.entry.status !== 'running') call.controller.abort(reason);
    }
    this.approvals.cancel((item) => item.sessionId === sessionId, reason);
    this.questions.cancel((item) => item.sessionId === sessionId, reason);
    const state = this.sessions.close(sessionId);
    if (!state) return;
    this.audit.append({ event: 'session', sessionId, client: state.info.client, detail: 'closed' });
    this.events.emit({ type: 'session', session: snapshot(state, this.current.tokenBudget) });
  }

  sessionPresence(sessionId: string, connected: boolean): void {
    const state = this.sessions.get(sessionId);
    if (!state || state.info.connected === connected) return;
    state.info.connected = connected;
    this.events.emit({ type: 'session', session: snapshot(state, this.current.tokenBudget) });
  }

  usage(sessionId: string): ContextUsage {
    this.settle();
    return this.sessions.usage(sessionId, this.current.tokenBudget);
  }

  pause(by: string, reason?: string): ControlResult {
    this.settle();
    if (this.status !== 'running') return RECORDED;
    const why = reason ?? `Paused by ${by}.`;
    const result = this.recordControl('paused all actions', { event: 'control', decision: 'pause', by, detail: why });
    this.pauseGate.pause();
    this.setSupervisorStatus('paused', why);
    return result;
  }

  resume(by: string): ControlResult {
    this.settle();
    if (this.status !== 'paused') return RECORDED;
    const result = this.recordControl('resumed', { event: 'control', decision: 'resume', by });
    this.setSupervisorStatus('running', undefined);
    this.handsOn?.rebaseline();
    this.pauseGate.resume();
    return result;
  }

  async stop(by: string, reason?: string): Promise<ControlResult> {
    const abortReason = new CallAborted(STOPPED_MESSAGE);
    for (const call of this.live.values()) call.controller.abort(abortReason);
    // Bookkeeping waits until every running action has been told to stop.
    this.settle();
    const why = reason ?? `Stopped by ${by}.`;
    let result = RECORDED;
    if (this.status !== 'stopped') {
      result = this.recordControl('stopped all actions', { event: 'control', decision: 'stop', by, detail: why });
      this.setSupervisorStatus('stopped', why);
    }
    this.approvals.cancel(() => true, abortReason);
    this.questions.cancel(() => true, abortReason);
    await this.releaseHeld();
    return result;
  }

  rearm(by: string): ControlResult {
    this.settle();
    if (this.status !== 'stopped') return RECORDED;
    const result = this.recordControl('re-armed', { event: 'control', decision: 'rearm', by });
    this.pauseGate.resume();
    this.handsOn?.rebaseline();
    this.setSupervisorStatus('running', undefined);
    return result;
  }

  /** A person's control always takes effect; a record that cannot be written is told to them, never thrown. */
  private recordControl(done: string, record: AuditInput): ControlResult {
    try {
      this.audit.append(record);
      return RECORDED;
    } catch (error) {
      const message = `Chaperone ${done}, but could not record that in its audit log: ${(error as Error).message}. Actions stay refused until the log can be written again; check the data folder's free space and permissions.`;
      this.warn(message);
      return { recorded: false, error: message };
    }
  }

  answerApproval(id: string, decision: ApprovalDecision, reason: string | undefined, by: string): SaveResult & { status?: 404 | 409 } {
    return this.approvals.answer(id, { decision, reason }, by);
  }

  answerQuestion(id: string, answer: string, by: string): SaveResult & { status?: 404 | 409 } {
    return this.questions.answer(id, answer, by);
  }

  declineQuestion(id: string, by: string): SaveResult & { status?: 404 | 409 } {
    return this.questions.answer(id, null, by);
  }

  private pendingList(): Pending[] {
    return [...this.approvals.list(), ...this.questions.list()];
  }

  state(): StateSnapshot {
    this.settle();
    return {
      status: this.status,
      reason: this.reason,
      sessions: this.sessions.list(this.current.tokenBudget),
      pending: this.pendingList(),
      policy: this.settings(),
    };
  }

  feed(limit?: number): FeedEntry[] {
    this.settle();
    return this.feedRing.recent(limit);
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  settings(): Settings {
    return structuredClone(this.current);
  }

  saveSettings(settings: unknown, by = 'a person'): SaveResult {
    this.settle();
    const checked = checkSettings(settings);
    if (!checked.ok) return { ok: false, error: `The settings were not saved: ${checked.error}` };
    try {
      this.store.save(checked.settings);
    } catch (error) {
      return { ok: false, error: `The settings could not be written to ${this.store.file}: ${(error as Error).message}` };
    }
    this.current = checked.settings;
    this.policy = compilePolicy(this.current, this.guard);
    this.audit.append({ event: 'control', decision: 'settings saved', by, detail: `preset ${checked.settings.preset}, ${checked.settings.rules.length} rules` });
    this.events.emit({ type: 'settings', settings: this.settings() });
    return { ok: true };
  }

  auditRecent(limit?: number): AuditRecord[] {
    this.settle();
    return this.audit.recent(limit);
  }

  auditVerify(): Promise<AuditVerification> {
    this.settle();
    return verifyAuditChain(this.options.dataDir);
  }

  async close(): Promise<void> {
    this.settle();
    const reason = new CallAborted('Chaperone is shutting down, so the call was cancelled.');
    for (const call of this.live.values()) call.controller.abort(reason);
    this.approvals.cancel(() => true, reason);
    this.questions.cancel(() => true, reason);
    this.thumbnails.close();
    await this.releaseHeld();
    this.audit.close();
  }

  private async releaseHeld(): Promise<void> {
    const results = await Promise.allSettled([this.options.keyboard?.releaseAll(), this.options.pointer?.releaseAll()]);
    for (const result of results) {
      if (result.status === 'rejected') this.log(`Releasing held keys or buttons failed: ${failedMessage('release', result.reason)}`);
    }
  }
}

function reasonText(reason: unknown): string {
  return reason instanceof Error && reason.message ? reason.message : STOPPED_MESSAGE;
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
