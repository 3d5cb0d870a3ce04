// One call in the action feed: a one-line summary that expands into the full arguments, note, tokens and screen thumbnail.
import { memo } from 'react';
import { describeTarget } from '../../shared/target.js';
import type { FeedEntry } from '../../shared/types.js';
import { formatArgs, formatCount, formatDuration, formatTime } from '../displayFormat.js';
import { RiskBadge } from './RiskBadge.js';

interface FeedRowProps {
  entry: FeedEntry;
  expanded: boolean;
  onToggle: (id: string) => void;
}

export const FeedRow = memo(function FeedRow({ entry, expanded, onToggle }: FeedRowProps) {
  const detailsId = `feed-details-${entry.id}`;
  return (
    <div className={`feed-row feed-status-${entry.status.replace(' ', '-')}`}>
      {/* The whole line toggles for mouse users; the button is the keyboard and screen reader way in. */}
      <div className="feed-summary" onClick={() => onToggle(entry.id)}>
        <button
          type="button"
          className="feed-toggle"
          aria-expanded={expanded}
          aria-controls={detailsId}
          aria-label={`Details of this ${entry.tool} call`}
          onClick={(event) => {
            event.stopPropagation();
            onToggle(entry.id);
          }}
        >
          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
        </button>
        <span className="feed-time">{formatTime(entry.requestedAt)}</span>
        <span className="feed-client">{entry.client}</span>
        <span className="feed-tool">{entry.tool}</span>
        <span className="feed-args">{entry.target ? `${formatArgs(entry.args)} · on ${describeTarget(entry.target)}` : formatArgs(entry.args)}</span>
        <RiskBadge risk={entry.risk} />
        <span className="feed-status">{entry.status}</span>
        <span className="feed-duration">{formatDuration(entry.durationMs)}</span>
        <span className="feed-result">{entry.summary ?? entry.note ?? ''}</span>
      </div>
      {expanded && (
        <div className="feed-details" id={detailsId}>
          <dl>
            <dt>Arguments</dt>
            <dd>
              <pre>{JSON.stringify(entry.args, null, 2)}</pre>
            </dd>
            {entry.target && (
              <>
                <dt>Acts on</dt>
                <dd>{describeTarget(entry.target)}</dd>
              </>
            )}
            {entry.summary && (
              <>
                <dt>Result</dt>
                <dd>{entry.summary}</dd>
              </>
            )}
            {entry.note && (
              <>
                <dt>Note</dt>
                <dd>{entry.note}</dd>
              </>
            )}
            {entry.decidedBy && (
              <>
                <dt>Decided by</dt>
                <dd>{entry.decidedBy}</dd>
              </>
            )}
            {entry.tokens !== undefined && (
              <>
                <dt>Tokens</dt>
                <dd>{formatCount(entry.tokens)}</dd>
              </>
            )}
            <dt>Call id</dt>
            <dd>
              <code>{entry.id}</code>
            </dd>
          </dl>
          {entry.thumbnail && <img className="feed-thumbnail" src={entry.thumbnail} alt={`The screen after ${entry.tool}`} />}
        </div>
      )}
    </div>
  );
});
