// AT-SPI role and state numbers (atspi-constants.h) and the plain words Chaperone lists them by.

/** The interactive roles a snapshot keeps, by AT-SPI role number. */
export const INTERACTIVE_ROLES: ReadonlyMap<number, string> = new Map([
  [7, 'check box'],
  [8, 'check box'], // check menu item
  [11, 'combo box'],
  [32, 'list item'],
  [33, 'menu'],
  [35, 'menu item'],
  [37, 'tab'],
  [40, 'password field'],
  [43, 'button'],
  [44, 'radio button'],
  [45, 'radio button'], // radio menu item
  [48, 'scroll bar'],
  [49, 'scroll area'],
  [51, 'slider'],
  [52, 'spin button'],
  [61, 'text field'], // ROLE_TEXT: kept only when editable
  [62, 'toggle button'],
  [79, 'text field'], // entry
  [88, 'link'],
  [91, 'tree item'],
  [98, 'list'], // list box
  [129, 'button'], // push button menu
]);

/** Names for the roles that can hold the focus without being listed (the focused element may be one). */
export const OTHER_ROLES: ReadonlyMap<number, string> = new Map([
  [16, 'dialog'],
  [23, 'window'],
  [39, 'panel'],
  [61, 'text'],
  [65, 'tree'],
  [55, 'table'],
  [56, 'table cell'],
  [82, 'document'],
  [95, 'document'],
  [31, 'list'],
  [69, 'window'],
]);

export const ROLE_TEXT = 61;
export const ROLE_PASSWORD = 40;
export const ROLE_SCROLL_BAR = 48;
export const ROLE_SCROLL_PANE = 49;
/** Roles whose Text interface holds the value the person typed. */
export const TEXT_VALUE_ROLES: ReadonlySet<number> = new Set([ROLE_TEXT, 79, 11]);
/** Roles whose Value interface holds their position. */
export const NUMERIC_VALUE_ROLES: ReadonlySet<number> = new Set([ROLE_SCROLL_BAR, 51, 52]);

export const STATE = {
  active: 1,
  checked: 4,
  editable: 7,
  enabled: 8,
  expanded: 10,
  focused: 12,
  horizontal: 14,
  pressed: 20,
  selected: 23,
  sensitive: 24,
  showing: 25,
  visible: 30,
} as const;

/** AT-SPI sends a state set as two 32-bit words. */
export function hasState(words: readonly number[], state: number): boolean {
  const word = words[state >> 5] ?? 0;
  return (word & (1 << (state & 31))) !== 0;
}

/** A bit array of the given numbers, as the Collection match rule takes roles and states. */
export function bitArray(numbers: Iterable<number>, words: number): number[] {
  const out = new Array<number>(words).fill(0);
  for (const n of numbers) out[n >> 5] = (out[n >> 5] ?? 0) | (1 << (n & 31));
  return out;
}

/** The plain state words of an element with role `role`. */
export function stateWords(words: readonly number[], role: number): string[] {
  const states: string[] = [];
  if (hasState(words, STATE.focused)) states.push('focused');
  if (!hasState(words, STATE.sensitive) || !hasState(words, STATE.enabled)) states.push('disabled');
  if (hasState(words, STATE.checked) || (role === 62 && hasState(words, STATE.pressed))) states.push('checked');
  if (hasState(words, STATE.selected)) states.push('selected');
  if (hasState(words, STATE.expanded)) states.push('expanded');
  if (hasState(words, STATE.editable) && (TEXT_VALUE_ROLES.has(role) || role === ROLE_PASSWORD)) states.push('editable');
  return states;
}
