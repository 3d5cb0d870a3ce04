// Tells the server where this panel is on screen and whether it has the focus, so agents' clicks and keys never land on it.
import { useEffect } from 'react';
import type { Bridge } from '../../shared/bridge.js';
import { PRESENCE_HEARTBEAT_MS, type PanelPresence } from '../../shared/seat.js';

// Browsers fire no event when a window moves; a cheap look this often notices it.
const MOVE_CHECK_MS = 250;

function presenceNow(id: string, open: boolean): PanelPresence {
  const scale = window.devicePixelRatio || 1;
  return {
    id,
    open,
    visible: document.visibilityState === 'visible',
    focused: document.hasFocus(),
    rect: {
      x: Math.round(window.screenX * scale),
      y: Math.round(window.screenY * scale),
      width: Math.round(window.outerWidth * scale),
      height: Math.round(window.outerHeight * scale),
    },
  };
}

export function usePanelPresence(bridge: Bridge): void {
  useEffect(() => {
    const report = bridge.reportPresence?.bind(bridge);
    if (!report) return;
    const id = window.crypto.randomUUID();
    let last = '';
    let lastAt = 0;
    const send = (open = true): void => {
      const presence = presenceNow(id, open);
      const text = JSON.stringify(presence);
      if (open && text === last && Date.now() - lastAt < PRESENCE_HEARTBEAT_MS) return;
      last = text;
      lastAt = Date.now();
      // A lost report is repeated by the next look; the panel never blocks on it.
      report(presence).catch(() => undefined);
    };
    const onChange = (): void => send();
    const onHide = (): void => send(false);
    const events = ['focus', 'blur', 'resize', 'pageshow'] as const;
    for (const name of events) window.addEventListener(name, onChange);
    document.addEventListener('visibilitychange', onChange);
    window.addEventListener('pagehide', onHide);
    const timer = window.setInterval(onChange, MOVE_CHECK_MS);
    send();
    return () => {
      for (const name of events) window.removeEventListener(name, onChange);
      document.removeEventListener('visibilitychange', onChange);
      window.removeEventListener('pagehide', onHide);
      window.clearInterval(timer);
      send(false);
    };
  }, [bridge]);
}
