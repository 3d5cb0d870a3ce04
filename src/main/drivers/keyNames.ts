// The key names an agent may use in a chord ("ctrl+shift+t"), their aliases, and the chords a person should approve first.

const CANONICAL = [
  'ctrl', 'shift', 'alt', 'super',
  'enter', 'tab', 'escape', 'space', 'backspace', 'delete', 'insert',
  'home', 'end', 'pageup', 'pagedown', 'up', 'down', 'left', 'right',
  ...Array.from({ length: 24 }, (_, i) => `f${i + 1}`),
  ...'abcdefghijklmnopqrstuvwxyz'.split(''),
  ...'0123456789'.split(''),
  'minus', 'equal', 'bracketleft', 'bracketright', 'backslash', 'semicolon', 'quote', 'grave', 'comma', 'period', 'slash',
  'plus',
  ...Array.from({ length: 10 }, (_, i) => `numpad${i}`),
  'printscreen', 'scrolllock', 'pause', 'capslock', 'numlock', 'menu',
  'volumeup', 'volumedown', 'mute', 'playpause', 'stop', 'nexttrack', 'prevtrack',
] as const;

export type KeyName = (typeof CANONICAL)[number];

const ALIASES: Record<string, KeyName> = {
  control: 'ctrl', ctl: 'ctrl',
  option: 'alt', opt: 'alt',
  win: 'super', windows: 'super', cmd: 'super', command: 'super', meta: 'super',
  return: 'enter',
  esc: 'escape',
  del: 'delete', ins: 'insert',
  pgup: 'pageup', pgdn: 'pagedown',
  arrowup: 'up', arrowdown: 'down', arrowleft: 'left', arrowright: 'right',
  '-': 'minus', '=': 'equal', '[': 'bracketleft', ']': 'bracketright', '\\': 'backslash',
  ';': 'semicolon', "'": 'quote', '`': 'grave', ',': 'comma', '.': 'period', '/': 'slash',
  print: 'printscreen', prtsc: 'printscreen',
  apps: 'menu', contextmenu: 'menu',
  volumemute: 'mute', play: 'playpause', mediastop: 'stop', next: 'nexttrack', prev: 'prevtrack', previoustrack: 'prevtrack',
};

/** Every accepted key name (lower case), aliases included, mapped to its canonical name. A Map: "constructor" is no key. */
export const KEY_NAMES: ReadonlyMap<string, KeyName> = new Map<string, KeyName>([
  ...CANONICAL.map((name): [string, KeyName] => [name, name]),
  ...Object.entries(ALIASES),
]);

/** The canonical name for any accepted spelling (case-insensitive), or undefined. */
export function keyName(text: string): KeyName | undefined {
  return KEY_NAMES.get(text.toLowerCase());
}

/** The sentence listing every valid name, for refusals. */
export function validKeyNames(): string {
  return `Valid names: ${[...KEY_NAMES.keys()].join(', ')}.`;
}

export const MODIFIER_KEYS: ReadonlySet<KeyName> = new Set<KeyName>(['ctrl', 'shift', 'alt', 'super']);

export type ChordResult = { ok: true; keys: KeyName[] } | { ok: false; error: string };

/** Parses one chord such as "Ctrl+Shift+T" (case-insensitive, "+"-separated) into canonical key names, in the order given. */
export function parseChord(input: string): ChordResult {
  const text = input.trim().toLowerCase();
  if (text === '') return { ok: false, error: 'The chord is empty; give key names joined by "+", e.g. "ctrl+shift+t".' };
  // "ctrl++" means ctrl and the plus key.
  const parts = (text.endsWith('++') ? `${text.slice(0, -2)}+plus` : text === '+' ? 'plus' : text).split('+').map((part) => part.trim());
  const keys: KeyName[] = [];
  for (const part of parts) {
    if (part === '') return { ok: false, error: `The chord "${input}" has an empty key name; join key names with a single "+", e.g. "ctrl+shift+t".` };
    const key = KEY_NAMES.get(part);
    if (!key) {
      const hint = /[\s,]/.test(part) ? ' Give one chord per call.' : '';
      return { ok: false, error: `Unknown key name "${part}".${hint} ${validKeyNames()}` };
    }
    if (keys.includes(key)) return { ok: false, error: `The key "${part}" appears twice in the chord "${input}".` };
    keys.push(key);
  }
  return { ok: true, keys };
}

const RISKY_CHORDS: string[][] = [
  ['alt', 'f4'],
  ['ctrl', 'alt', 'delete'],
  ['ctrl', 'alt', 'backspace'],
  ['ctrl', 'shift', 'escape'],
  ['super', 'l'],
  ['ctrl', 'alt', 'l'],
  ['ctrl', 'w'],
  ['ctrl', 'q'],
  ['ctrl', 'f4'],
  ['ctrl', 'shift', 'w'],
  ['ctrl', 'shift', 'q'],
  ['ctrl', 'shift', 'delete'],
  ['shift', 'delete'],
  ['super', 'q'],
  ['super', 'w'],
  ['super', 'shift', 'q'],
  ['super', 'alt', 'escape'],
  ['super', 'ctrl', 'q'],
  ['alt', 'f2'],
  ['super', 'r'],
  ...Array.from({ length: 12 }, (_, i) => ['ctrl', 'alt', `f${i + 1}`]),
];

const RISKY_SET = new Set(RISKY_CHORDS.map((chord) => [...chord].sort().join('+')));

/** True for chords that close, lock, quit, switch sessions or delete without asking (alt+f4, ctrl+alt+delete, super+l, ctrl+w, cmd+q, …). */
export function isRiskyChord(keys: readonly string[]): boolean {
  const canonical = keys.map((key) => keyName(key) ?? key.toLowerCase());
  return RISKY_SET.has([...new Set(canonical)].sort().join('+'));
}
