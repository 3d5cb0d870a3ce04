// The person's seat: how a panel tells the server where it is on screen, so agents' input never lands on it.

/** Every panel document title ends with this, so a window-at-point check recognises a browser window showing the panel. */
export const PANEL_TITLE_MARKER = 'Chaperone panel';

/** A panel tab's report of itself (POST /api/presence), sent on load, on every move, resize, focus and visibility change, and as a heartbeat. */
export interface PanelPresence {
  /** Random per tab, so several open panels are tracked apart. */
  id: string;
  /** False when the tab is closing. */
  open: boolean;
  /** The tab is the one shown in its window and the window is not minimised. */
  visible: boolean;
  /** The document has the keyboard focus. */
  focused: boolean;
  /** The browser window's outer rectangle on the screen, in device pixels. */
  rect: { x: number; y: number; width: number; height: number };
}

/** How often a visible panel repeats its report; a report older than a few of these no longer counts. */
export const PRESENCE_HEARTBEAT_MS = 2_000;

const MAX_COORDINATE = 1_000_000;

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
}

/** Checks a report from the wire; returns a sentence saying what is wrong, or the report. */
export function checkPresence(body: unknown): PanelPresence | string {
  if (typeof body !== 'object' || body === null) return 'The presence report must be a JSON object.';
  const { id, open, visible, focused, rect } = body as Record<string, unknown>;
  if (typeof id !== 'string' || id.length < 1 || id.length > 100) return '"id" must be a string of 1 to 100 characters.';
  if (typeof open !== 'boolean' || typeof visible !== 'boolean' || typeof focused !== 'boolean') return '"open", "visible" and "focused" must be true or false.';
  if (typeof rect !== 'object' || rect === null) return '"rect" must be an object with x, y, width and height.';
  const { x, y, width, height } = rect as Record<string, unknown>;
  if (!finite(x) || !finite(y) || !finite(width) || !finite(height) || width < 0 || height < 0) return '"rect" needs finite x, y and non-negative width and height.';
  return { id, open, visible, focused, rect: { x, y, width, height } };
}
