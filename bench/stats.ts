// Percentiles and timing loops for the benchmarks.
export interface Timing {
  p50: number;
  p95: number;
  n: number;
}

export function percentiles(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), n: sorted.length };
}

/** Runs `fn` `warmup` times unmeasured, then `n` times measured (milliseconds). */
export async function timeRoundTrips(n: number, warmup: number, fn: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return percentiles(samples);
}

/**
 * Times two variants call by call in turn (a, b, a, b, ...) after `warmup` unmeasured calls of each,
 * so drift (JIT warm-up, garbage collection, a busy neighbour) weighs on both alike.
 */
export async function alternating(n: number, warmup: number, a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>): Promise<[Timing, Timing]> {
  for (let i = 0; i < warmup; i++) {
    await a(i);
    await b(i);
  }
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < n; i++) {
    for (const [side, fn] of [a, b].entries()) {
      const start = performance.now();
      await fn(i);
      samples[side as 0 | 1].push(performance.now() - start);
    }
  }
  return [percentiles(samples[0]), percentiles(samples[1])];
}

export function fmt(t: Timing): string {
  return `p50 ${t.p50.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms (n=${t.n})`;
}
