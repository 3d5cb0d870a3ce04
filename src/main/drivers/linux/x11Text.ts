// Decodes X text properties by their type: STRING (Latin-1), UTF8_STRING, and COMPOUND_TEXT's ISO 2022 segments.

/** Titles reach tokenizers and regexes: no more characters than this. */
export const MAX_TITLE_CHARS = 1024;

const utf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// ESC - F: a 96-character set for the right half (GR); the ISO 8859 part it names.
const GR_96: Record<string, string> = { A: 'iso-8859-1', B: 'iso-8859-2', C: 'iso-8859-3', D: 'iso-8859-4', F: 'iso-8859-7', G: 'iso-8859-6', H: 'iso-8859-8', L: 'iso-8859-5', M: 'iso-8859-9', b: 'iso-8859-15' };
// ESC $ ) F: a 94x94 set in GR, which is exactly the matching EUC encoding.
const GR_94N: Record<string, string> = { A: 'gb2312', B: 'euc-jp', C: 'euc-kr' };

// A character set this decoder does not know: its bytes show as U+FFFD.
const UNKNOWN_SET = 'unknown';

const ASCII = 'ascii';
// A run of two-byte GL characters is decoded as the matching EUC bytes (each byte with its high bit set).
const GL_PREFIX = 'gl:';

const decoders = new Map<string, TextDecoder>();
function decoderFor(label: string): TextDecoder {
  let decoder = decoders.get(label);
  if (!decoder) {
    decoder = new TextDecoder(label);
    decoders.set(label, decoder);
  }
  return decoder;
}

/**
 * COMPOUND_TEXT (X11 CTEXT spec): GL starts as ASCII and GR as Latin-1; ESC sequences switch either half (ISO 8859
 * parts in GR, GB 2312 / JIS X 0208 / KS C 5601 in either), or open a UTF-8 segment.
 */
export function decodeCompoundText(bytes: Uint8Array): string {
  let out = '';
  let gr = 'iso-8859-1';
  let gl = ASCII;
  let inUtf8 = false;
  let runStart = 0;
  let runLabel = 'latin1';
  const flush = (end: number): void => {
    if (end <= runStart) return;
    const run = bytes.subarray(runStart, end);
    if (runLabel === 'latin1') out += Buffer.from(run).toString('latin1');
    else if (runLabel.startsWith(GL_PREFIX)) out += decoderFor(runLabel.slice(GL_PREFIX.length)).decode(run.map((b) => b | 0x80));
    else if (runLabel === UNKNOWN_SET) out += '\uFFFD'.repeat(run.length);
    else out += decoderFor(runLabel).decode(run);
  };
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0;
    if (byte === 0x1b) {
      flush(i);
      const a = String.fromCharCode(bytes[i + 1] ?? 0);
      const b = String.fromCharCode(bytes[i + 2] ?? 0);
      const c = String.fromCharCode(bytes[i + 3] ?? 0);
      let length = 3;
      if (a === '%' && b === 'G') inUtf8 = true;
      else if (a === '%' && b === '@') inUtf8 = false;
      else if (a === '-') gr = GR_96[b] ?? UNKNOWN_SET;
      else if (a === '$' && b === ')') {
        gr = GR_94N[c] ?? UNKNOWN_SET;
        length = 4;
      } else if (a === '$' && b === '(') {
        gl = GR_94N[c] ?? UNKNOWN_SET;
        length = 4;
      } else if (a === '$' && (b === 'A' || b === 'B' || b === '@')) gl = GR_94N[b === '@' ? 'B' : b] ?? UNKNOWN_SET;
      // ESC ( B (and any other 94-character set, which compound text only allows as ASCII) puts ASCII back in GL.
      else if (a === '(') gl = ASCII;
      i += length;
      runStart = i;
      runLabel = inUtf8 ? 'utf-8' : 'latin1';
      continue;
    }
    const label = inUtf8 ? 'utf-8' : byte >= 0x80 ? gr : gl !== ASCII && byte > 0x20 && byte < 0x7f ? (gl === UNKNOWN_SET ? gl : GL_PREFIX + gl) : 'latin1';
    if (label !== runLabel) {
      flush(i);
      runStart = i;
      runLabel = label;
    }
    i++;
  }
  flush(bytes.length);
  return out;
}

export interface TextTypes {
  UTF8_STRING: number;
  COMPOUND_TEXT: number;
  STRING: number;
}

/** Decodes a text property's bytes by its type atom; an unknown type is read as UTF-8 where valid, else Latin-1. */
export function decodeTextProperty(type: number, bytes: Uint8Array, types: TextTypes): string {
  if (type === types.UTF8_STRING) return utf8.decode(bytes);
  if (type === types.STRING) return Buffer.from(bytes).toString('latin1');
  if (type === types.COMPOUND_TEXT) return decodeCompoundText(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

/** Caps a title at MAX_TITLE_CHARS code units without splitting a surrogate pair. */
export function capTitle(title: string): string {
  if (title.length <= MAX_TITLE_CHARS) return title;
  const last = title.charCodeAt(MAX_TITLE_CHARS - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? MAX_TITLE_CHARS - 1 : MAX_TITLE_CHARS;
  return title.slice(0, end);
}
