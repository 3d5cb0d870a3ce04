// A session's latest accessibility snapshot: short ids for its elements, their lines for the model, and ids turned back into points.
import { inSpace, toImage, type ScreenSpace } from '../../shared/screenSpace.js';
import type { OwnWindows } from '../core/ownWindows.js';
import type { AccessibilityDriver, ElementInfo, Point } from '../drivers/types.js';
import { ToolInputError } from './tools/toolOutput.js';

/** How many element lines a listing shows before it summarises the rest. */
export const ELEMENT_LINE_CAP = 300;
const VALUE_LIMIT = 80;
const NAME_LIMIT = 120;

export interface ListedElement {
  id: string;
  element: ElementInfo;
}

export interface ElementSnapshot {
  elements: ListedElement[];
  problem: string | null;
}

function clip(text: string, limit: number): string {
  const clean = text.replace(/\p{Cc}/gu, ' ');
  return clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean;
}

function keyOf(element: ElementInfo): string {
  const b = element.bounds;
  return `${element.role}\u0000${element.name}\u0000${element.window.title}\u0000${element.window.pid}\u0000${Math.round(b.x)},${Math.round(b.y)},${Math.round(b.width)},${Math.round(b.height)}`;
}

function centre(element: ElementInfo): Point {
  return { x: Math.round(element.bounds.x + element.bounds.width / 2), y: Math.round(element.bounds.y + element.bounds.height / 2) };
}

/** `[e17] button "Delete account" (window "Settings — Firefox") at 412,280 96x24 [focused] [value "…"]`, in screenshot space. */
export function elementLine(listed: ListedElement, space: ScreenSpace): string {
  const { element } = listed;
  const at = toImage(space, element.bounds.x, element.bounds.y);
  const width = Math.max(1, Math.round(element.bounds.width * space.scale));
  const height = Math.max(1, Math.round(element.bounds.height * space.scale));
  const parts = [`[${listed.id}] ${element.role}${element.name ? ` "${clip(element.name, NAME_LIMIT)}"` : ''} (window "${clip(element.window.title || element.window.app, NAME_LIMIT)}") at ${at.x},${at.y} ${width}x${height}`];
  for (const state of element.states) if (state !== 'editable') parts.push(`[${state}]`);
  if (element.value) parts.push(`[value "${clip(element.value, VALUE_LIMIT)}"]`);
  if (element.scroll) {
    const { vertical, horizontal } = element.scroll;
    const where = [vertical === undefined ? '' : `${Math.round(vertical)}% down`, horizontal === undefined ? '' : `${Math.round(horizontal)}% across`].filter(Boolean).join(', ');
    if (where) parts.push(`[scrolled ${where}]`);
  }
  return parts.join(' ');
}

/** The element lines, capped, with what was left out summarised by window and role. */
export function elementLines(listed: ListedElement[], space: ScreenSpace, cap = ELEMENT_LINE_CAP): string[] {
  const lines = listed.slice(0, cap).map((item) => elementLine(item, space));
  const rest = listed.slice(cap);
  if (rest.length === 0) return lines;
  const groups = new Map<string, Map<string, number>>();
  for (const { element } of rest) {
    const window = clip(element.window.title || element.window.app, 60);
    const roles = groups.get(window) ?? new Map<string, number>();
    roles.set(element.role, (roles.get(element.role) ?? 0) + 1);
    groups.set(window, roles);
  }
  lines.push(`… and ${rest.length} more elements not listed (use find to search them):`);
  for (const [window, roles] of groups) {
    lines.push(`  in "${window}": ${[...roles].map(([role, count]) => `${count} ${role}`).join(', ')}`);
  }
  return lines;
}

export class ElementBook {
  private byId = new Map<string, ElementInfo>();
  private idByKey = new Map<string, string>();
  private next = 1;

  constructor(
    private readonly accessibility: AccessibilityDriver,
    private readonly ownWindows: OwnWindows,
  ) {}

  /**
   * A fresh snapshot of what lies in `space`, Chaperone's own windows left out. An element unchanged since the last
   * snapshot keeps its id; the others get new ones. Ids refer to this snapshot from now on.
   */
  async refresh(space: ScreenSpace, options: { window?: string; signal?: AbortSignal } = {}): Promise<ElementSnapshot> {
    const snapshot = await this.accessibility.snapshot(options);
    const byId = new Map<string, ElementInfo>();
    const idByKey = new Map<string, string>();
    const elements: ListedElement[] = [];
    for (const element of snapshot.elements) {
      const middle = centre(element);
      if (!inSpace(space, middle.x, middle.y)) continue;
      if (this.isOwn(element, middle)) continue;
      const key = keyOf(element);
      if (idByKey.has(key)) continue;
      const id = this.idByKey.get(key) ?? `e${this.next++}`;
      idByKey.set(key, id);
      byId.set(id, element);
      elements.push({ id, element });
    }
    // A window-limited listing keeps the ids of the rest valid: they were not looked at.
    if (options.window !== undefined) {
      for (const [id, element] of this.byId) if (!byId.has(id)) byId.set(id, element);
      for (const [key, id] of this.idByKey) if (!idByKey.has(key)) idByKey.set(key, id);
    }
    this.byId = byId;
    this.idByKey = idByKey;
    return { elements, problem: snapshot.problem };
  }

  /** The element an id names in the latest list, unchecked. */
  peek(id: string): ElementInfo | undefined {
    return this.byId.get(id);
  }

  /** The desktop point at an element's centre, after checking it is still there; a stale id gets a sentence saying what to do. */
  async pointOf(id: string): Promise<{ point: Point; element: ElementInfo }> {
    const element = this.byId.get(id);
    if (!element) {
      throw new ToolInputError(
        this.byId.size === 0
          ? `There is no element "${id}": no element list was made yet in this session. Call desktop_state or find first, then use an id from its list.`
          : `There is no element "${id}" in your latest element list. Call desktop_state or find again and use an id from the new list.`,
      );
    }
    const point = centre(element);
    const now = await this.accessibility.elementAt(point).catch(() => null);
    if (now && (now.role !== element.role || now.name !== element.name)) {
      throw new ToolInputError(
        `Element ${id} (${element.role} "${clip(element.name, NAME_LIMIT)}") is no longer where it was: ${now.role} "${clip(now.name, NAME_LIMIT)}" is there now. Call desktop_state or find again.`,
      );
    }
    return { point, element };
  }

  private isOwn(element: ElementInfo, middle: Point): boolean {
    const { window } = element;
    if (this.ownWindows.isOwn({ id: window.id ?? '', title: window.title, app: window.app, pid: window.pid, bounds: element.bounds, focused: false })) return true;
    return this.ownWindows.pointRefusal(middle, null, false) !== null;
  }
}
