// What Chaperone knows about each MCP session: calls, token use per tool, "always allow" grants, rate window.
import type { SessionInfo } from '../../shared/types.js';
import type { ContextUsage } from './types.js';
import { RateWindow } from './rateLimit.js';
import type { TokenCount } from './tokenMeter.js';

export interface SessionState {
  info: SessionInfo;
  /** Tools a person chose "Always allow" for, in this session. */
  alwaysAllowed: Set<string>;
  rate: RateWindow;
  /** Whether the 80% budget warning was sent. */
  warned: boolean;
  /** Per tool, how many of its tokens are estimates rather than exact counts. */
  estimated: Record<string, number>;
}

/** How long a closed session stays in the sessions view (its feed entries and audit records stay regardless). */
export const DEFAULT_SESSION_RETENTION_MS = 10 * 60_000;

export class SessionRegistry {
  private readonly sessions = new Map<string, SessionState>();
  /** Closed sessions by id with the time they closed, oldest first. */
  private readonly closed = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly retentionMs: number = DEFAULT_SESSION_RETENTION_MS,
  ) {}

  open(id: string, client: string): SessionState {
    this.prune();
    const existing = this.sessions.get(id);
    if (existing) {
      this.closed.delete(id);
      existing.info.connected = true;
      if (client) existing.info.client = client;
      return existing;
    }
    const state: SessionState = {
      info: { id, client, calls: 0, tokens: 0, budget: 0, byTool: {}, connectedAt: this.now(), connected: true },
      alwaysAllowed: new Set(),
      rate: new RateWindow(),
      warned: false,
      estimated: {},
    };
    this.sessions.set(id, state);
    return state;
  }

  get(id: string): SessionState | undefined {
    return this.sessions.get(id);
  }

  close(id: string): SessionState | undefined {
    const state = this.sessions.get(id);
    if (state) {
      state.info.connected = false;
      state.alwaysAllowed.clear();
      this.closed.delete(id);
      this.closed.set(id, this.now());
    }
    this.prune();
    return state;
  }

  list(budget: number): SessionInfo[] {
    this.prune();
    return [...this.sessions.values()].map((state) => snapshot(state, budget));
  }

  /** Forgets sessions closed longer ago than the retention window; without it 2,000 sessions grow /api/state to 400 KB. */
  private prune(): void {
    const cutoff = this.now() - this.retentionMs;
    for (const [id, closedAt] of this.closed) {
      if (closedAt > cutoff) break;
      this.closed.delete(id);
      this.sessions.delete(id);
    }
  }

  usage(id: string, budget: number): ContextUsage {
    const state = this.sessions.get(id);
    const usage: ContextUsage = { sessionId: id, tokens: state?.info.tokens ?? 0, budget, byTool: state ? copyByTool(state.info.byTool) : {} };
    let estimated = 0;
    for (const [tool, tokens] of Object.entries(state?.estimated ?? {})) {
      const use = usage.byTool[tool];
      if (use) use.estimatedTokens = tokens;
      estimated += tokens;
    }
    if (estimated > 0) usage.estimatedTokens = estimated;
    return usage;
  }
}

export function recordUse(state: SessionState, tool: string, { tokens, estimated }: TokenCount): void {
  state.info.calls += 1;
  state.info.tokens += tokens;
  const perTool = (state.info.byTool[tool] ??= { calls: 0, tokens: 0 });
  perTool.calls += 1;
  perTool.tokens += tokens;
  if (estimated) state.estimated[tool] = (state.estimated[tool] ?? 0) + tokens;
}

export function snapshot(state: SessionState, budget: number): SessionInfo {
  return { ...state.info, budget, byTool: copyByTool(state.info.byTool) };
}

function copyByTool(byTool: SessionInfo['byTool']): SessionInfo['byTool'] {
  const copy: SessionInfo['byTool'] = {};
  for (const tool in byTool) {
    const use = byTool[tool];
    if (use) copy[tool] = { ...use };
  }
  return copy;
}
