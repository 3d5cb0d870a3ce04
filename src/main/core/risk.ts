// How much harm each tool can do (CONTRACT §4); the cautious preset lets the harmless ones run unasked.
import type { Risk, ToolName } from '../../shared/types.js';

export const TOOL_RISK: Readonly<Record<ToolName, Risk>> = {
  screenshot: 'read-only',
  desktop_state: 'read-only',
  move: 'low',
  click: 'high',
  drag: 'high',
  scroll: 'low',
  type: 'high',
  key: 'high',
  wait: 'none',
  app: 'medium',
  shell: 'critical',
  clipboard: 'medium',
  fetch_page: 'read-only',
  ask_human: 'none',
  context_usage: 'read-only',
  find: 'read-only',
  wait_for: 'read-only',
  displays: 'read-only',
};

