// Notices from the supervisor (token budget warnings, hands-on pauses) and the panel's own problems.
import { formatTime } from '../displayFormat.js';
import type { Notice } from '../state/usePanelState.js';

interface NoticeAreaProps {
  notices: Notice[];
  connectionError?: string;
  shortcutProblem?: string;
  onDismiss: (key: number) => void;
}

export function NoticeArea({ notices, connectionError, shortcutProblem, onDismiss }: NoticeAreaProps) {
  return (
    <section className="notices" aria-label="Notices" aria-live="polite">
      {connectionError && (
        <p className="notice notice-warning" role="alert">
          {connectionError}
        </p>
      )}
      {shortcutProblem && <p className="notice notice-warning">{shortcutProblem}</p>}
      {notices.map((notice) => (
        <div key={notice.key} className={`notice notice-${notice.level}`}>
          <span className="notice-time">{formatTime(notice.at)}</span>
          <span className="notice-message">{notice.message}</span>
          <button type="button" className="button-quiet" aria-label="Dismiss notice" onClick={() => onDismiss(notice.key)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
