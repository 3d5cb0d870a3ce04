// Which of the four tray icons shows, and where its file is (build/tray, packaged with the app).
import { join } from 'node:path';
import type { Pending, SupervisorStatus } from '../../shared/types.js';

export type TrayState = 'running' | 'paused' | 'stopped' | 'approval';

/** Stopped outranks everything; a waiting approval or question outranks paused, since it needs the person now. */
export function trayState(status: SupervisorStatus, pending: readonly Pending[]): TrayState {
  if (status === 'stopped') return 'stopped';
  if (pending.length > 0) return 'approval';
  return status;
}

export function trayIconPath(appRoot: string, state: TrayState): string {
  return join(appRoot, 'build', 'tray', `${state}.png`);
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function trayTooltip(status: SupervisorStatus, pending: readonly Pending[], reason?: string): string {
  const because = reason ? ` (${reason})` : '';
  if (status === 'stopped') return `Chaperone: stopped${because}. Re-arm to let agents act again.`;
  const approvals = pending.filter((item) => item.kind === 'approval').length;
  const questions = pending.length - approvals;
  const waiting = [approvals > 0 ? count(approvals, 'approval', 'approvals') : '', questions > 0 ? count(questions, 'question', 'questions') : '']
    .filter(Boolean)
    .join(' and ');
  const base = status === 'paused' ? `Chaperone: paused${because}` : 'Chaperone: running';
  return waiting ? `${base}, ${waiting} waiting for you` : base;
}
