// Hands-on detection: while actions run, one shared 100 ms poll notices a person moving the mouse.
import type { Point, PointerDriver } from '../drivers/types.js';

export const POLL_MS = 100;
/** How far the cursor may be from where it should be before a person is assumed to hold the mouse. */
export const TOLERANCE_PX = 3;

interface Watch {
  tool: string;
  pointer: boolean;
  since: number;
  /** lastPlaced() when the action began; a different value later means the driver moved the cursor. */
  startPlaced: Point | null;
  /** Where the cursor rested at the start (or the first poll), for when the driver has not placed it. */
  baseline: Point | null;
}

function same(a: Point | null, b: Point | null): boolean {
  return a === b || (a !== null && b !== null && a.x === b.x && a.y === b.y);
}

function far(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) > TOLERANCE_PX || Math.abs(a.y - b.y) > TOLERANCE_PX;
}

export class HandsOnDetector {
  private readonly watches = new Set<Watch>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling = false;
  private failed = false;

  constructor(
    private readonly pointer: Pick<PointerDriver, 'position' | 'lastPlaced'>,
    /** Whether actions are meant to be moving right now (not paused or stopped). */
    private readonly active: () => boolean,
    private readonly onGrab: (tool: string) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts watching one running action; returns the function that stops watching it. */
  watch(tool: string, pointer: boolean): () => void {
    if (this.failed) return () => undefined;
    const watch: Watch = { tool, pointer, since: performance.now(), startPlaced: this.pointer.lastPlaced(), baseline: null };
    this.watches.add(watch);
    // Typing and waiting leave the cursor alone: where it rests now is where it must stay (read off the call's path).
    if (!pointer) {
      this.pointer.position().then(
        (at) => {
          watch.baseline ??= at;
        },
        () => undefined,
      );
    }
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.poll(), POLL_MS);
      this.timer.unref();
    }
    // The poll ends the timer once nothing is watched: short actions in a row then share one timer.
    return () => {
      this.watches.delete(watch);
    };
  }

  /** After a resume the person may have left the cursor anywhere: take fresh baselines. */
  rebaseline(): void {
    const placed = this.pointer.lastPlaced();
    for (const watch of this.watches) {
      watch.startPlaced = placed;
      watch.baseline = null;
      watch.since = performance.now();
    }
  }

  private async poll(): Promise<void> {
    if (this.watches.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.polling || !this.active()) return;
    const cutoff = performance.now() - POLL_MS;
    const due = [...this.watches].filter((watch) => watch.since <= cutoff);
    if (due.length === 0) return;
    this.polling = true;
    let grabbedBy: string | null = null;
    try {
      const before = this.pointer.lastPlaced();
      const at = await this.pointer.position();
      const placed = this.pointer.lastPlaced();
      // A placement that changed while we read the position belongs to a move in flight.
      if (!same(before, placed) || !this.active()) return;
      for (const watch of due) {
        if (!this.watches.has(watch)) continue;
        const expected = this.expected(watch, placed, at);
        if (expected && far(expected, at)) {
          grabbedBy = watch.tool;
          break;
        }
      }
    } catch (error) {
      this.failed = true;
      this.log(`Hands-on detection is off: reading the cursor position failed (${(error as Error).message}).`);
    } finally {
      this.polling = false;
    }
    if (grabbedBy !== null) {
      this.rebaseline();
      this.onGrab(grabbedBy);
    }
  }

  private expected(watch: Watch, placed: Point | null, at: Point): Point | null {
    if (placed !== null && !same(placed, watch.startPlaced)) return placed;
    if (placed === null && watch.pointer) return null;
    if (watch.baseline === null) {
      watch.baseline = at;
      return null;
    }
    return watch.baseline;
  }
}
