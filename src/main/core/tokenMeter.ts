// Estimates what a tool result costs the agent's context: text by the o200k tokenizer, images by size.
import { MAX_PIXELS, imageTokens } from '../../shared/screenSpace.js';
import type { ToolContent, ToolOutput } from '../../shared/types.js';
import { imageSizeFromBase64 } from './imageSize.js';

export interface TokenCount {
  tokens: number;
  /** True when some of the figure is an estimate rather than the tokenizer's exact count. */
  estimated: boolean;
}

type CountTokens = (text: string, options?: { disallowedSpecial: Set<string> }) => number;

// Special-token text (e.g. "<|endoftext|>") in a result is just text to the model.
const COUNT_OPTIONS = { disallowedSpecial: new Set<string>() };
// Every special token starts so; only text containing it needs the options, which cost about four times as much.
const SPECIAL_START = '<|';
// An image whose size cannot be read is charged as the largest image a model reads unscaled.
const UNKNOWN_IMAGE_TOKENS = Math.ceil(MAX_PIXELS / 750);
// BPE cost grows with the square of a piece's length, so the tokenizer only ever sees pieces this long,
const PIECE_CHARS = 2_000;
// and text with no place to cut exactly (a run of one character, CJK without spaces) is cut this short.
const RUN_CHARS = 256;
// Longer texts are estimated outright: counting them exactly would hold the supervisor's thread too long.
export const EXACT_LIMIT_CHARS = 100_000;
// Exact counting stops after this much time in one call; the rest is extrapolated from what was counted.
const EXACT_BUDGET_MS = 30;

let countTokens: CountTokens | undefined;
let loading: Promise<void> | undefined;

/** Loads the tokenizer (about 150 ms and 60 MiB) once; until it has loaded, texts are estimated. */
export function loadTokenizer(): Promise<void> {
  loading ??= import('gpt-tokenizer').then((module) => {
    countTokens = module.countTokens;
  });
  return loading;
}

/** About four bytes of UTF-8 per token: o200k's average for English, and near one token per CJK character. */
function estimate(text: string): number {
  return Math.ceil(Buffer.byteLength(text) / 4);
}

// A space or tab followed by a non-space always starts a new pre-token, so counts of the two sides add up exactly.
function isCut(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  return (code === 32 || code === 9) && next !== 32 && next !== 9 && next !== 10 && next !== 13;
}

/** The end of the piece that starts at `start`: the last cut within PIECE_CHARS, or a hard cut (inexact) when there is none. */
function pieceEnd(text: string, start: number): { end: number; exact: boolean } {
  const limit = start + PIECE_CHARS;
  if (limit >= text.length) return { end: text.length, exact: true };
  for (let at = limit - 1; at > start; at -= 1) if (isCut(text, at)) return { end: at, exact: true };
  return { end: start + RUN_CHARS, exact: false };
}

function textTokens(text: string, count: CountTokens): TokenCount {
  if (text.length > EXACT_LIMIT_CHARS) return { tokens: estimate(text), estimated: true };
  const options = text.includes(SPECIAL_START) ? COUNT_OPTIONS : undefined;
  const started = performance.now();
  let tokens = 0;
  let estimated = false;
  for (let start = 0; start < text.length; ) {
    if (start > 0 && performance.now() - started > EXACT_BUDGET_MS) {
      // Extrapolated at the rate of the text counted so far, which is more faithful than a flat ratio.
      return { tokens: tokens + Math.ceil(((text.length - start) * tokens) / start), estimated: true };
    }
    const piece = pieceEnd(text, start);
    tokens += count(text.slice(start, piece.end), options);
    estimated ||= !piece.exact;
    start = piece.end;
  }
  return { tokens, estimated };
}

export function contentTokens(content: ToolContent): TokenCount {
  if (content.type === 'text') {
    const { text } = content;
    if (text.length === 0) return { tokens: 0, estimated: false };
    if (countTokens === undefined) {
      // A tokenizer that fails to load leaves every text estimated, which the figures then say.
      loadTokenizer().catch(() => undefined);
      return { tokens: estimate(text), estimated: true };
    }
    return textTokens(text, countTokens);
  }
  const size = imageSizeFromBase64(content.data);
  return { tokens: size ? imageTokens(size.width, size.height) : UNKNOWN_IMAGE_TOKENS, estimated: false };
}

export function outputTokens(output: ToolOutput): TokenCount {
  let tokens = 0;
  let estimated = false;
  for (const content of output.content) {
    const counted = contentTokens(content);
    tokens += counted.tokens;
    estimated ||= counted.estimated;
  }
  return { tokens, estimated };
}
