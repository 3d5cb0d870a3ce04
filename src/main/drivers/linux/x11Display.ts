// The one X connection Chaperone holds to the desktop: opened on first use, reopened after it closed.
import { X11Connection } from './x11Connection.js';

let current: { display: string; connection: Promise<X11Connection> } | null = null;

/** The shared connection to `display` (DISPLAY by default); typing and window listing both go through it. */
export function sharedX11(display = process.env.DISPLAY ?? ''): Promise<X11Connection> {
  if (current && current.display === display) {
    const held = current;
    return held.connection.then((x) => {
      if (!x.closed) return x;
      if (current === held) current = null;
      return sharedX11(display);
    });
  }
  const opening = X11Connection.open(display);
  const entry = { display, connection: opening };
  current = entry;
  // A failed open is not kept: the next call tries again (the display may come up later).
  opening.catch(() => {
    if (current === entry) current = null;
  });
  return opening;
}
