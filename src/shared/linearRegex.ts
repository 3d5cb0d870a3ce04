// A regular-expression matcher that runs in time linear in the text (a Thompson NFA), for patterns an agent sends.
// It supports literals, `.`, escapes (\d \w \s \D \W \S and escaped punctuation), classes [a-z] [^…], groups with |,
// the quantifiers * + ? {m} {m,} {m,n} (n at most 20), and ^ $. No backreferences or lookarounds: those cannot be linear.

export const MAX_PATTERN_LENGTH = 200;
const MAX_REPEAT = 20;
const MAX_STATES = 4_000;

type CharTest = (c: string) => boolean;

type Node =
  | { kind: 'char'; test: CharTest; out: number }
  | { kind: 'split'; a: number; b: number }
  | { kind: 'start'; out: number }
  | { kind: 'end'; out: number }
  | { kind: 'match' };

/** A compiled pattern: a fragment of the NFA with its start state and dangling exits. */
interface Fragment {
  start: number;
  /** Patch points: [state index, field] pairs to point at what follows. */
  exits: [number, 'out' | 'a' | 'b'][];
}

export class PatternError extends Error {}

const WORD = /[\p{L}\p{N}_]/u;
const SPACE = /\s/u;
const DIGIT = /[0-9]/;

function escapeTest(e: string): CharTest {
  switch (e) {
    case 'd':
      return (c) => DIGIT.test(c);
    case 'D':
      return (c) => !DIGIT.test(c);
    case 'w':
      return (c) => WORD.test(c);
    case 'W':
      return (c) => !WORD.test(c);
    case 's':
      return (c) => SPACE.test(c);
    case 'S':
      return (c) => !SPACE.test(c);
    case 'n':
      return (c) => c === '\n';
    case 't':
      return (c) => c === '\t';
    default:
      if (/[A-Za-z0-9]/.test(e)) throw new PatternError(`The escape \\${e} is not supported in find patterns.`);
      return (c) => c === e;
  }
}

class Parser {
  private i = 0;
  readonly nodes: Node[] = [];

  constructor(
    private readonly src: string,
    private readonly fold: (c: string) => string,
  ) {}

  parse(): number {
    const frag = this.alternation();
    if (this.i < this.src.length) throw new PatternError(`Unexpected "${this.src[this.i]}" at position ${this.i + 1} of the pattern.`);
    const match = this.add({ kind: 'match' });
    this.patch(frag, match);
    return frag.start;
  }

  private add(node: Node): number {
    if (this.nodes.length >= MAX_STATES) throw new PatternError('The pattern is too large.');
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  private patch(frag: Fragment, to: number): void {
    for (const [index, field] of frag.exits) (this.nodes[index] as Record<string, unknown>)[field] = to;
  }

  private alternation(): Fragment {
    let left = this.sequence();
    while (this.src[this.i] === '|') {
      this.i++;
      const right = this.sequence();
      const split = this.add({ kind: 'split', a: left.start, b: right.start });
      left = { start: split, exits: [...left.exits, ...right.exits] };
    }
    return left;
  }

  private sequence(): Fragment {
    let frag: Fragment | null = null;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atomStart = this.i;
      const next = this.quantified(atomStart);
      if (frag) this.patch(frag, next.start);
      frag = frag ? { start: frag.start, exits: next.exits } : next;
    }
    if (frag) return frag;
    // An empty branch matches the empty string: a split whose both arms lead on.
    const empty = this.add({ kind: 'split', a: -1, b: -1 });
    return { start: empty, exits: [[empty, 'a'], [empty, 'b']] };
  }

  private quantified(atomStart: number): Fragment {
    let frag = this.atom();
    const atomEnd = this.i;
    const q = this.src[this.i];
    if (q === '*' || q === '+' || q === '?') {
      this.i++;
      if (this.src[this.i] === '?') this.i++;
      if (q === '?') return this.optional(frag);
      if (q === '*') return this.star(frag);
      const again = this.star(this.rebuild(atomStart, atomEnd));
      this.patch(frag, again.start);
      return { start: frag.start, exits: again.exits };
    }
    if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 12));
      if (!m) throw new PatternError(`A "{" at position ${this.i + 1} must be a repeat such as {2} or {1,3}.`);
      this.i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT) || max < min) throw new PatternError(`Repeats go up to {${MAX_REPEAT}} in find patterns.`);
      const after = this.i;
      const parts: Fragment[] = [];
      for (let k = 0; k < min; k++) parts.push(k === 0 ? frag : this.rebuild(atomStart, atomEnd));
      if (max === Infinity) parts.push(this.star(min === 0 ? frag : this.rebuild(atomStart, atomEnd)));
      else for (let k = min; k < max; k++) parts.push(this.optional(k === 0 ? frag : this.rebuild(atomStart, atomEnd)));
      this.i = after;
      if (parts.length === 0) {
        const empty = this.add({ kind: 'split', a: -1, b: -1 });
        return { start: empty, exits: [[empty, 'a'], [empty, 'b']] };
      }
      frag = parts[0] as Fragment;
      for (const part of parts.slice(1)) {
        this.patch(frag, part.start);
        frag = { start: frag.start, exits: part.exits };
      }
      return frag;
    }
    return frag;
  }

  /** A fresh copy of the atom at [start, end), for repeats. */
  private rebuild(start: number, end: number): Fragment {
    const saved = this.i;
    this.i = start;
    const frag = this.atom();
    if (this.i !== end) throw new PatternError('The pattern could not be read.');
    this.i = saved;
    return frag;
  }

  private optional(frag: Fragment): Fragment {
    const split = this.add({ kind: 'split', a: frag.start, b: -1 });
    return { start: split, exits: [...frag.exits, [split, 'b']] };
  }

  private star(frag: Fragment): Fragment {
    const split = this.add({ kind: 'split', a: frag.start, b: -1 });
    this.patch(frag, split);
    return { start: split, exits: [[split, 'b']] };
  }

  private char(test: CharTest): Fragment {
    const state = this.add({ kind: 'char', test, out: -1 });
    return { start: state, exits: [[state, 'out']] };
  }

  private atom(): Fragment {
    const c = this.src[this.i];
    if (c === undefined) throw new PatternError('The pattern ends too early.');
    this.i++;
    switch (c) {
      case '(': {
        if (this.src.startsWith('?:', this.i)) this.i += 2;
        else if (this.src[this.i] === '?') throw new PatternError('Lookarounds and named groups are not supported in find patterns.');
        const inner = this.alternation();
        if (this.src[this.i] !== ')') throw new PatternError('A "(" in the pattern has no matching ")".');
        this.i++;
        return inner;
      }
      case '.':
        return this.char((x) => x !== '\n');
      case '^': {
        const state = this.add({ kind: 'start', out: -1 });
        return { start: state, exits: [[state, 'out']] };
      }
      case '$': {
        const state = this.add({ kind: 'end', out: -1 });
        return { start: state, exits: [[state, 'out']] };
      }
      case '[':
        return this.char(this.charClass());
      case '\\': {
        const e = this.src[this.i++];
        if (e === undefined) throw new PatternError('The pattern ends with a lone backslash.');
        const test = escapeTest(e);
        return this.char((x) => test(x));
      }
      case '*':
      case '+':
      case '?':
      case '{':
        throw new PatternError(`Nothing to repeat before "${c}" at position ${this.i} of the pattern.`);
      default: {
        const wanted = this.fold(c);
        return this.char((x) => x === wanted);
      }
    }
  }

  private charClass(): CharTest {
    const negate = this.src[this.i] === '^';
    if (negate) this.i++;
    const tests: CharTest[] = [];
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let c = this.src[this.i++] as string;
      if (c === '\\') {
        const e = this.src[this.i++] ?? '';
        if (/[dDwWsS]/.test(e)) {
          tests.push(escapeTest(e));
          continue;
        }
        c = e === 'n' ? '\n' : e === 't' ? '\t' : e;
      }
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== undefined && this.src[this.i + 1] !== ']') {
        this.i++;
        let hi = this.src[this.i++] as string;
        if (hi === '\\') hi = this.src[this.i++] ?? '';
        const lo = c;
        if (lo > hi) throw new PatternError(`The range ${lo}-${hi} in the pattern runs backwards.`);
        tests.push((x) => (x >= lo && x <= hi) || (x.toLowerCase() >= lo && x.toLowerCase() <= hi) || (x.toUpperCase() >= lo && x.toUpperCase() <= hi));
      } else {
        const folded = this.fold(c);
        tests.push((x) => x === folded);
      }
    }
    if (this.src[this.i] !== ']') throw new PatternError('A "[" in the pattern has no matching "]".');
    this.i++;
    return negate ? (x) => !tests.some((t) => t(x)) : (x) => tests.some((t) => t(x));
  }
}

export interface LinearPattern {
  /** Whether the pattern matches anywhere in `text` (case-insensitive). */
  test(text: string): boolean;
}

/** Compiles `source` (without slashes); throws PatternError with a sentence for what it does not support. */
export function compileLinear(source: string): LinearPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`Patterns can be at most ${MAX_PATTERN_LENGTH} characters.`);
  const fold = (c: string): string => c.toLowerCase();
  const parser = new Parser(source, fold);
  const start = parser.parse();
  const nodes = parser.nodes;

  // Follows split, start and end states from `state`; `at` and `length` decide the anchors.
  const addState = (set: Set<number>, state: number, at: number, length: number): void => {
    const stack = [state];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (s < 0 || set.has(s)) continue;
      set.add(s);
      const node = nodes[s] as Node;
      if (node.kind === 'split') stack.push(node.a, node.b);
      else if (node.kind === 'start' && at === 0) stack.push(node.out);
      else if (node.kind === 'end' && at === length) stack.push(node.out);
    }
  };

  return {
    test(text) {
      const chars = [...text.toLowerCase()];
      let current = new Set<number>();
      for (let at = 0; at <= chars.length; at++) {
        // Unanchored search: a new attempt starts at every position.
        addState(current, start, at, chars.length);
        for (const s of current) if ((nodes[s] as Node).kind === 'match') return true;
        if (at === chars.length) break;
        const c = chars[at] as string;
        const next = new Set<number>();
        for (const s of current) {
          const node = nodes[s] as Node;
          if (node.kind === 'char' && node.test(c)) addState(next, node.out, at + 1, chars.length);
        }
        current = next;
      }
      return false;
    },
  };
}

/** `name` as the find tool reads it: "/regex/" is a pattern, anything else a case-insensitive substring. */
export function nameMatcher(name: string): LinearPattern {
  if (name.length >= 2 && name.startsWith('/') && name.endsWith('/')) return compileLinear(name.slice(1, -1));
  const wanted = name.toLowerCase();
  return { test: (text) => text.toLowerCase().includes(wanted) };
}
