// Chaperone's own windows (the desktop app's, and every browser tab showing the panel): agents' input never lands on them.
import type { Point, Rect, WindowInfo } from '../drivers/types.js';
import { PANEL_TITLE_MARKER, PRESENCE_HEARTBEAT_MS, type PanelPresence } from '../../shared/seat.js';

/** A window of the desktop app, as Electron knows it. */
export interface AppWindow {
  /** The native handle as the windows driver writes ids (X11: 0x-prefixed hex). */
  id?: string;
  bounds: Rect;
  visible: boolean;
  focused: boolean;
}

// A tab that stopped reporting (crashed, frozen) stops counting after a few missed heartbeats.
const PRESENCE_TTL_MS = PRESENCE_HEARTBEAT_MS * 4;
// The browser's own idea of its window rectangle and the window manager's frame differ by the frame and rounding.
const FRAME_SLACK_PX = 48;

export const OWN_CONTROLS_MESSAGE =
  "An agent may not operate Chaperone's own controls (its panel and windows): only the person approves, re-arms or changes settings there.";

function contains(rect: Rect, point: Point): boolean {
  return point.x >= rect.x && point.y >= rect.y && point.x < rect.x + rect.width && point.y < rect.y + rect.height;
}

function roughlySame(a: Rect, b: Rect): boolean {
  return (
    Math.abs(a.x - b.x) <= FRAME_SLACK_PX &&
    Math.abs(a.y - b.y) <= FRAME_SLACK_PX &&
    Math.abs(a.x + a.width - (b.x + b.width)) <= FRAME_SLACK_PX &&
    Math.abs(a.y + a.height - (b.y + b.height)) <= FRAME_SLACK_PX
  );
}

function windowName(window: WindowInfo): string {
  const title = window.title.length > 80 ? `${window.title.slice(0, 79)}…` : window.title;
  return `"${title}"${window.app ? ` (${window.app})` : ''}`;
}

export class OwnWindows {
  private readonly panels = new Map<string, { presence: PanelPresence; at: number }>();
  private appWindows: () => AppWindow[] = () => [];

  constructor(
    /** Windows with this pid are the desktop app's (Electron's windows carry the main process's pid). */
    private readonly pid: number | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** The desktop app hands over a live view of its BrowserWindows. */
  trackAppWindows(list: () => AppWindow[]): void {
    this.appWindows = list;
  }

  report(presence: PanelPresence): void {
    if (presence.open) this.panels.set(presence.id, { presence, at: this.now() });
    else this.panels.delete(presence.id);
  }

  /** Whether this window is one of Chaperone's own. */
  isOwn(window: WindowInfo | null): boolean {
    if (!window) return false;
    if (window.title.includes(PANEL_TITLE_MARKER)) return true;
    if (this.pid !== null && window.pid === this.pid) return true;
    if (this.appWindows().some((own) => own.id !== undefined && own.id === window.id)) return true;
    return this.livePanels().some((panel) => panel.visible && roughlySame(panel.rect, window.bounds));
  }

  /**
   * Why a pointer action at `point` (desktop pixels) must not run, or null. `top` is the topmost window there as the
   * windows driver sees it; `known` is false when it could not be asked, and then any panel's rectangle counts.
   */
  pointRefusal(point: Point, top: WindowInfo | null, known: boolean): string | null {
    if (top && this.isOwn(top)) return `The point (${point.x}, ${point.y}) is on Chaperone's own window ${windowName(top)}. ${OWN_CONTROLS_MESSAGE}`;
    const onApp = this.appWindows().some((own) => own.visible && contains(own.bounds, point) && (!known || !top || roughlySame(own.bounds, top.bounds)));
    // A panel tab's rectangle is in its own browser's screen, which may be another machine's (a VM's host): it alone counts only when the windows here are unknown.
    const onPanel = !known && this.livePanels().some((panel) => panel.visible && contains(panel.rect, point));
    if (onApp || onPanel) return `The point (${point.x}, ${point.y}) is on Chaperone's own panel. ${OWN_CONTROLS_MESSAGE}`;
    return null;
  }

  /** Why a key or typing call must not run while `focused` has the keyboard focus, or null. */
  focusRefusal(focused: WindowInfo | null): string | null {
    if (focused && this.isOwn(focused)) return `Chaperone's own window ${windowName(focused)} has the keyboard focus. ${OWN_CONTROLS_MESSAGE}`;
    if (this.appWindows().some((own) => own.focused) || this.livePanels().some((panel) => panel.visible && panel.focused)) {
      return `Chaperone's own panel has the keyboard focus. ${OWN_CONTROLS_MESSAGE}`;
    }
    return null;
  }

  private livePanels(): PanelPresence[] {
    const oldest = this.now() - PRESENCE_TTL_MS;
    const live: PanelPresence[] = [];
    for (const [id, { presence, at }] of this.panels) {
      if (at < oldest) this.panels.delete(id);
      else live.push(presence);
    }
    return live;
  }
}
