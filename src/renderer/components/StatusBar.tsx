// The always-visible header: what state Chaperone is in, why, and the controls that change it.
import type { SupervisorStatus } from '../../shared/types.js';

export const STATUS_WORDS: Record<SupervisorStatus, string> = { running: 'Running', paused: 'Paused', stopped: 'Stopped' };

interface StatusBarProps {
  status: SupervisorStatus;
  reason?: string;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
  onRearm: () => void;
}

export function StatusBar({ status, reason, onPause, onResume, onStop, onRearm }: StatusBarProps) {
  return (
    <header className={`status-bar status-${status}`}>
      <span className="brand">Chaperone</span>
      <div className="status">
        <span className="status-dot" aria-hidden="true" />
        <span className="status-word" role="status">
          {STATUS_WORDS[status]}
        </span>
        {reason && <span className="status-reason">{reason}</span>}
      </div>
      <div className="controls">
        {status === 'running' && (
          <button type="button" onClick={onPause}>
            Pause
          </button>
        )}
        {status === 'paused' && (
          <button type="button" onClick={onResume}>
            Resume
          </button>
        )}
        {status === 'stopped' ? (
          <button type="button" className="button-primary" onClick={onRearm}>
            Re-arm
          </button>
        ) : (
          <button type="button" className="button-stop" onClick={onStop}>
            Stop all
          </button>
        )}
      </div>
    </header>
  );
}
