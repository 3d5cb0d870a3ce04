// Time left until an approval or question expires; the server settles it then, this only shows how long is left.
import { useEffect, useState } from 'react';

function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

// What happens at expiry: an approval is denied, a question goes back to the agent unanswered.
const WORDING = {
  approval: { left: 'Denied automatically in', over: 'Time is up: the action is being denied.' },
  question: { left: 'The agent stops waiting in', over: 'Time is up: the agent is told you did not answer.' },
} as const;

interface CountdownProps {
  createdAt: number;
  expiresAt: number;
  kind?: keyof typeof WORDING;
}

export function Countdown({ createdAt, expiresAt, kind = 'approval' }: CountdownProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  // Clamp to the approval's own timeout so a skewed browser clock cannot show more time than the server gives.
  const remaining = Math.min(expiresAt - now, expiresAt - createdAt);
  const urgent = remaining < 10_000;
  return (
    <p className={`countdown${urgent ? ' countdown-urgent' : ''}`} role="timer">
      {remaining > 0 ? `${WORDING[kind].left} ${formatRemaining(remaining)}` : WORDING[kind].over}
    </p>
  );
}
