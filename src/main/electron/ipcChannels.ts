// IPC channel names between main and preload. The sandboxed preload cannot import this file at run time, so it repeats them under these types.
import type { Bridge } from '../../shared/bridge.js';

// reportPresence is the browser panel's: the desktop app knows its own windows.
export type BridgeCall = Exclude<keyof Bridge, 'subscribe' | 'reportPresence'>;

export const BRIDGE_CALLS = [
  'getState',
  'getFeed',
  'pause',
  'resume',
  'stop',
  'rearm',
  'answerApproval',
  'answerQuestion',
  'declineQuestion',
  'saveSettings',
  'getAudit',
  'getClientConfig',
  'getShortcutStatus',
] as const satisfies readonly BridgeCall[];

export type CallChannel = `chaperone:${BridgeCall}`;

export function callChannel(call: BridgeCall): CallChannel {
  return `chaperone:${call}`;
}

export const EVENT_CHANNEL = 'chaperone:event';
