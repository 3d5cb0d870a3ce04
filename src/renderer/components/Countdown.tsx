// Time left until an approval expires; the server denies it then, this only shows how long is left.
import { useEffect, useState } from 'react';

function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

export function Countdown({ createdAt, expiresAt }: { createdAt: number; expiresAt: number }) {
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
      {remaining > 0 ? `Denied automatically in ${formatRemaining(remaining)}` : 'Time is up: the action is being denied.'}
    </p>
  );
}
