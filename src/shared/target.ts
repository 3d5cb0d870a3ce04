// What an input call acts on: the window (and, where the accessibility tree knows it, the element) under the point or holding the focus.

export interface TargetWindow {
  id?: string;
  title: string;
  app: string;
  pid: number;
}

export interface TargetElement {
  role: string;
  name: string;
}

export interface ActionTarget {
  /** null over the bare desktop, or when no window has the focus. */
  window: TargetWindow | null;
  element?: TargetElement;
  /** Where a pointer action lands, in the session's screenshot coordinates. */
  point?: { x: number; y: number };
  /** Why the target could not be found out (no display, the lookup failed), in one sentence. */
  unknown?: string;
}

const NAME_LIMIT = 120;

function quoted(text: string): string {
  const clean = text.replace(/\p{Cc}/gu, ' ');
  return `"${clean.length > NAME_LIMIT ? `${clean.slice(0, NAME_LIMIT - 1)}…` : clean}"`;
}

/** `button "Delete account" in "Settings — Firefox" (firefox)`, `"Terminal" (xterm)`, or `the desktop`. */
export function describeTarget(target: ActionTarget): string {
  const window = target.window ? `${quoted(target.window.title || target.window.app)}${target.window.app ? ` (${target.window.app})` : ''}` : 'the desktop';
  if (!target.element) return window;
  const element = `${target.element.role}${target.element.name ? ` ${quoted(target.element.name)}` : ''}`;
  return `${element} in ${window}`;
}
