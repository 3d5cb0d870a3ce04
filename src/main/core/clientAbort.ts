// Passes a client's cancellation (dropped connection, notifications/cancelled) on to the call's own controller.
import { CLIENT_CANCELLED_MESSAGE, CallAborted } from './messages.js';

/**
 * Adding a listener to an AbortSignal costs tens of microseconds, and most calls end within the turn of the
 * event loop that started them, so the listener goes on only for a call still running after that turn.
 * A cancellation that arrived in between is seen when it does. Returns the function that stops following.
 */
export function followClientAbort(client: AbortSignal | undefined, controller: AbortController): () => void {
  if (!client) return () => undefined;
  const abort = (): void => controller.abort(new CallAborted(CLIENT_CANCELLED_MESSAGE));
  if (client.aborted) {
    abort();
    return () => undefined;
  }
  let listening = false;
  const later = setImmediate(() => {
    if (client.aborted) abort();
    else {
      client.addEventListener('abort', abort);
      listening = true;
    }
  });
  return () => {
    clearImmediate(later);
    if (listening) client.removeEventListener('abort', abort);
  };
}
