// The plain sentences an agent receives when Chaperone refuses, cancels or fails a call.

export const STOPPED_MESSAGE =
  'A person has stopped Chaperone (Stop all). No actions will run until a person re-arms it in the Chaperone panel.';

export const CLIENT_CANCELLED_MESSAGE = 'The call was cancelled by the client before it finished.';

export const SESSION_CLOSED_MESSAGE = 'The session closed, so the call was cancelled.';

export function deniedByPerson(reason: string | undefined): string {
  const trimmed = reason?.trim();
  return trimmed
    ? `A person denied this action: ${trimmed}`
    : 'A person denied this action. Do not retry it as is; ask the person (ask_human) what they want instead.';
}

export function deniedByTimeout(seconds: number): string {
  return `No one answered the approval request within ${seconds} seconds, so the action was denied. Try again when a person is at the Chaperone panel, or ask them with ask_human.`;
}

export function deniedByPolicy(reason: string | undefined): string {
  return `Chaperone's policy denies this action${reason ? `: ${reason.replace(/\.$/, '')}` : ''}. Do not retry it; ask the person (ask_human) if it is really needed.`;
}

export function failedMessage(tool: string, error: unknown): string {
  const message = error instanceof Error ? error.message.trim() : typeof error === 'string' ? error.trim() : '';
  return message.length > 0 ? message : `The ${tool} action failed for an unknown reason. Check the Chaperone feed and try again.`;
}

/** An abort reason that carries the sentence the agent should read. */
export class CallAborted extends Error {
  override readonly name = 'AbortError';
}
