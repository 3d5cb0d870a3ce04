// The fixed chords the type tool presses, resolved through the same key names an agent uses.
import { parseChord } from '../../drivers/keyNames.js';

function chord(spec: string): string[] {
  const parsed = parseChord(spec);
  if (!parsed.ok) throw new Error(`Chaperone's built-in chord "${spec}" is not a known key name: ${parsed.error}`);
  return parsed.keys;
}

/** Select all in the focused field: cmd+a on macOS, ctrl+a elsewhere. */
export function selectAllChord(): string[] {
  return chord(process.platform === 'darwin' ? 'cmd+a' : 'ctrl+a');
}

export function deleteChord(): string[] {
  return chord('backspace');
}

export function enterChord(): string[] {
  return chord('enter');
}
