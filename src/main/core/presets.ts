// The three policy presets of CONTRACT §5, as ordinary rules checked after the person's own.
import { TOOL_NAMES, type PolicyRule, type PresetName } from '../../shared/types.js';
import { TOOL_RISK } from './risk.js';

/** Builds a regex that matches a key chord containing every listed key, in any order; each key lists its aliases. */
function chordPattern(...keys: string[][]): string {
  return '^' + keys.map((aliases) => `(?=(?:.*\\+)?(?:${aliases.join('|')})(?:\\+|$))`).join('') + '.';
}

const CTRL = ['ctrl', 'control'];
const ALT = ['alt', 'option', 'opt', 'altgr'];
const SHIFT = ['shift'];
const META = ['super', 'win', 'windows', 'meta', 'cmd', 'command'];
const DELETE = ['delete', 'del'];

/** Chords that close, lock or log out of things, or reach the OS's secure attention menus. */
export const RISKY_CHORDS: readonly string[] = [
  chordPattern(ALT, ['f4']),
  chordPattern(CTRL, ALT, DELETE),
  chordPattern(CTRL, ALT, ['backspace']),
  chordPattern(CTRL, SHIFT, ['escape', 'esc']),
  chordPattern(META, ['l']),
  chordPattern(CTRL, ['w']),
  chordPattern(CTRL, ['q']),
  chordPattern(META, ['q']),
  chordPattern(META, ['w']),
  chordPattern(META, ALT, ['escape', 'esc']),
  chordPattern(CTRL, META, ['q']),
  chordPattern(META, SHIFT, ['q']),
  chordPattern(CTRL, ALT, ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12']),
  chordPattern(META, ['r']),
  chordPattern(META, ['x']),
  chordPattern(['power', 'sleep']),
];

// Words on a button or link that say a click cannot be taken back: English, German, French and Spanish, with their common forms.
const CONSEQUENTIAL_WORDS = [
  'delet', 'remov', 'send', 'sent', 'submit', 'pay', 'paid', 'buy', 'purchas', 'checkout', 'check out', 'place order', 'order now', 'transfer',
  'confirm', 'install', 'uninstall', 'eras', 'publish', 'post(?![a-z])', 'sign out', 'sign-out', 'log out', 'logout', 'log-out', 'wipe', 'destroy', 'discard',
  'löschen', 'lösch', 'entfern', 'senden', 'absenden', 'bezahl', 'zahlen', 'kaufen', 'überweis', 'bestätig', 'installier', 'deinstallier', 'veröffentlich', 'abmelden',
  'supprim', 'retirer', 'envoy', 'soumettre', 'payer', 'achet', 'transférer', 'virement', 'confirm', 'installer', 'désinstaller', 'effacer', 'publier', 'déconnex', 'se déconnecter',
  'eliminar', 'borrar', 'quitar', 'enviar', 'pagar', 'comprar', 'transferir', 'confirmar', 'instalar', 'desinstalar', 'publicar', 'cerrar sesión',
];

/** Matches the target `role "name"` of a button or link whose name starts a word with one of them. */
export const CONSEQUENTIAL_TARGET = `^(?:button|link|menu item|toggle button)[^"]*"(?:[^"]*[\\s(\\[/:-])?(?:${CONSEQUENTIAL_WORDS.join('|')})`;

const SUPERVISED_ASKS: PolicyRule[] = [
  {
    tool: 'click',
    arg: 'target',
    match: CONSEQUENTIAL_TARGET,
    mode: 'ask',
    reason: 'This click is on a button or link whose name says it may not be undone (such as delete, send, pay or install); it needs a person’s approval.',
  },
  { tool: 'shell', mode: 'ask', reason: 'Shell commands need a person’s approval.' },
  { tool: 'app', arg: 'action', match: '^(launch|close)$', mode: 'ask', reason: 'Launching or closing apps needs a person’s approval.' },
  { tool: 'clipboard', arg: 'action', match: '^set$', mode: 'ask', reason: 'Replacing the clipboard needs a person’s approval.' },
  ...RISKY_CHORDS.map(
    (match): PolicyRule => ({ tool: 'key', arg: 'keys', match, mode: 'ask', reason: 'This key chord can close, lock or log out; it needs a person’s approval.' }),
  ),
  { tool: 'type', arg: 'clear', match: '^true$', mode: 'ask', reason: 'Clearing a field before typing needs a person’s approval.' },
];

/** Tools that only look or wait; cautious lets them run without asking. */
const QUIET_TOOLS = TOOL_NAMES.filter((tool) => TOOL_RISK[tool] === 'read-only' || TOOL_RISK[tool] === 'none');

export const PRESETS: Readonly<Record<PresetName, readonly PolicyRule[]>> = {
  cautious: [
    ...QUIET_TOOLS.map((tool): PolicyRule => ({ tool, mode: 'allow' })),
    { tool: '*', mode: 'ask', reason: 'The cautious preset asks before every action that changes something.' },
  ],
  supervised: [...SUPERVISED_ASKS, { tool: '*', mode: 'allow' }],
  autonomous: [{ tool: '*', mode: 'allow' }],
};
