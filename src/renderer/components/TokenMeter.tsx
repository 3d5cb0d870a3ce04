// A session's token use against its budget; turns to a warning at 80 %.
import { formatCount } from '../displayFormat.js';

const WARNING_SHARE = 0.8;

export function TokenMeter({ client, tokens, budget }: { client: string; tokens: number; budget: number }) {
  const share = budget > 0 ? tokens / budget : 0;
  const percent = Math.round(share * 100);
  const level = share >= 1 ? 'over' : share >= WARNING_SHARE ? 'warning' : 'ok';
  const text = `${formatCount(tokens)} of ${formatCount(budget)} tokens (${percent} %)`;
  return (
    <div className={`token-meter token-${level}`}>
      <div
        className="token-track"
        role="progressbar"
        aria-label={`Token use of ${client}`}
        aria-valuemin={0}
        aria-valuemax={budget}
        aria-valuenow={Math.min(tokens, budget)}
        aria-valuetext={text}
      >
        <div className="token-fill" style={{ width: `${Math.min(100, share * 100)}%` }} />
      </div>
      <span className="token-text">{text}</span>
    </div>
  );
}
