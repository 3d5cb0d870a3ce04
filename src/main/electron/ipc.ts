// The Bridge over IPC, main side: each call is answered only for the control window showing the panel's own page.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { Bridge } from '../../shared/bridge.js';
import type { ApprovalDecision, SupervisorEvent } from '../../shared/types.js';
import type { Supervisor } from '../core/types.js';
import type { ElectronApi } from './electronApi.js';
import { BRIDGE_CALLS, type BridgeCall, callChannel, EVENT_CHANNEL } from './ipcChannels.js';
import { isPanelUrl } from './panelProtocol.js';

export interface BridgeHandlerOptions {
  supervisor: Supervisor;
  /** The control window's contents, the only sender answered; null while there is no window. */
  panelContents: () => WebContents | null;
  clientConfig: () => Promise<string>;
  shortcutStatus: () => { accelerator: string; registered: boolean; error?: string };
}

export const REFUSED_SENDER = 'Refused: this IPC call did not come from the Chaperone control panel.';

const DECISIONS: readonly ApprovalDecision[] = ['approve', 'always', 'deny'];

export function isPanelSender(event: IpcMainInvokeEvent, panelContents: WebContents | null): boolean {
  if (panelContents === null || event.sender !== panelContents) return false;
  const frame = event.senderFrame;
  // Only the top frame: the CSP forbids frames, and a frame that slipped in is not the panel.
  return frame !== null && frame.parent === null && isPanelUrl(frame.url);
}

function limitArg(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error('limit must be a whole number of 1 or more.');
  return value;
}

function stringArg(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Error(`${name} must be a string.`);
  return value;
}

function optionalStringArg(value: unknown, name: string): string | undefined {
  return value === undefined || value === null ? undefined : stringArg(value, name);
}

type Handlers = { [K in BridgeCall]: (...args: unknown[]) => ReturnType<NonNullable<Bridge[K]>> | Awaited<ReturnType<NonNullable<Bridge[K]>>> };

function bridgeHandlers(options: BridgeHandlerOptions): Handlers {
  const { supervisor } = options;
  return {
    getState: () => supervisor.state(),
    getFeed: (limit) => supervisor.feed(limitArg(limit)),
    // A control that could not be recorded reaches the panel as a warning notice, so the results are not passed on.
    pause: () => void supervisor.pause('panel'),
    resume: () => void supervisor.resume('panel'),
    stop: async () => void (await supervisor.stop('panel')),
    rearm: () => void supervisor.rearm('panel'),
    answerApproval: (id, decision, reason) => {
      if (typeof decision !== 'string' || !DECISIONS.includes(decision as ApprovalDecision)) {
        throw new Error('decision must be "approve", "always" or "deny".');
      }
      const result = supervisor.answerApproval(stringArg(id, 'id'), decision as ApprovalDecision, optionalStringArg(reason, 'reason'), 'panel');
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    },
    answerQuestion: (id, answer) => {
      const result = supervisor.answerQuestion(stringArg(id, 'id'), stringArg(answer, 'answer'), 'panel');
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    },
    declineQuestion: (id) => {
      const result = supervisor.declineQuestion(stringArg(id, 'id'), 'panel');
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    },
    saveSettings: (settings) => supervisor.saveSettings(settings),
    getAudit: async (limit) => ({ records: supervisor.auditRecent(limitArg(limit)), verification: await supervisor.auditVerify() }),
    getClientConfig: () => options.clientConfig(),
    getShortcutStatus: () => options.shortcutStatus(),
  };
}

/** Registers one ipcMain handler per Bridge call; returns a function that removes them. */
export function registerBridgeHandlers(ipcMain: ElectronApi['ipcMain'], options: BridgeHandlerOptions): () => void {
  const handlers = bridgeHandlers(options);
  for (const call of BRIDGE_CALLS) {
    const handler: (...args: unknown[]) => unknown = handlers[call];
    ipcMain.handle(callChannel(call), (event, ...args: unknown[]) => {
      if (!isPanelSender(event, options.panelContents())) throw new Error(REFUSED_SENDER);
      return handler(...args);
    });
  }
  return () => {
    for (const call of BRIDGE_CALLS) ipcMain.removeHandler(callChannel(call));
  };
}

/** Sends supervisor events (and the shell's own notices) to the panel; returns the unsubscribe function. */
export function forwardEvents(supervisor: Supervisor, panelContents: () => WebContents | null): { send(event: SupervisorEvent): void; stop(): void } {
  const send = (event: SupervisorEvent): void => {
    const contents = panelContents();
    if (contents !== null && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  };
  return { send, stop: supervisor.subscribe(send) };
}
