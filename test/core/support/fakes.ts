// Fakes for the only drivers core touches, plus small helpers for real supervisors in temp dirs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Point } from '../../../src/main/drivers/types.ts';
import type { CallContext, CallRequest, PersonReply, ToolAction } from '../../../src/main/core/types.ts';
import type { ToolName, ToolOutput } from '../../../src/shared/types.ts';
import { loadTokenizer } from '../../../src/main/core/tokenMeter.ts';

// Loaded up front, as startChaperone does after start-up: its one-off ~150 ms load would otherwise land inside a timing test.
await loadTokenizer();

export class FakePointer {
  at: Point = { x: 100, y: 100 };
  placed: Point | null = { x: 100, y: 100 };
  releases = 0;
  positionReads = 0;
  async position(): Promise<Point> {
    this.positionReads += 1;
    return { ...this.at };
  }
  lastPlaced(): Point | null {
    return this.placed;
  }
  async releaseAll(): Promise<void> {
    this.releases += 1;
  }
}

export class FakeKeyboard {
  releases = 0;
  async releaseAll(): Promise<void> {
    this.releases += 1;
  }
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'chaperone-core-'));
}

export function text(value: string): ToolOutput {
  return { content: [{ type: 'text', text: value }] };
}

/** The answer's text, or the reply's kind (declined, timeout) when there is no answer. */
export function replyText(reply: PersonReply): ToolOutput {
  return text(reply.kind === 'answered' ? reply.answer : reply.kind);
}

export function request(tool: ToolName, args: Record<string, unknown> = {}, extra: Partial<CallRequest> = {}): CallRequest {
  return { sessionId: 's1', client: 'test-client 1.0', tool, args, ...extra };
}

export function action(run: (ctx: CallContext) => Promise<ToolOutput>, extra: Partial<ToolAction> = {}): ToolAction {
  return { risk: 'low', run, ...extra };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(condition: () => boolean, timeoutMs = 2_000, what = 'condition'): Promise<number> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await sleep(5);
  }
  return performance.now() - start;
}
