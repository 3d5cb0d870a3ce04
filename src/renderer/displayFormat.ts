// How times, durations, token counts and call arguments read in the panel.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const numberFormat = new Intl.NumberFormat();

export function formatTime(at: number | string): string {
  return timeFormat.format(new Date(at));
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

export function formatCalls(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'call' : 'calls'}`;
}

function compactValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One line: `command: "ls -la", cwd: "/tmp"`. */
export function formatArgs(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([name, value]) => `${name}: ${compactValue(value)}`)
    .join(', ');
}
