// A risk level as a small coloured word, so critical calls stand out in the feed and in approvals.
import type { Risk } from '../../shared/types.js';

export function RiskBadge({ risk }: { risk: Risk }) {
  return <span className={`badge risk-${risk}`}>{risk}</span>;
}
