// Estimates what a tool result costs the agent's context: text by the o200k tokenizer, images by size.
import { countTokens } from 'gpt-tokenizer';
import { MAX_PIXELS, imageTokens } from '../../shared/screenSpace.js';
import type { ToolContent, ToolOutput } from '../../shared/types.js';
import { imageSizeFromBase64 } from './imageSize.js';

// Special-token text (e.g. "<|endoftext|>") in a result is just text to the model.
const COUNT_OPTIONS = { disallowedSpecial: new Set<string>() };
// Every special token starts so; only text containing it needs the options, which cost about four times as much.
const SPECIAL_START = '<|';
// An image whose size cannot be read is charged as the largest image a model reads unscaled.
const UNKNOWN_IMAGE_TOKENS = Math.ceil(MAX_PIXELS / 750);

export function contentTokens(content: ToolContent): number {
  if (content.type === 'text') {
    const { text } = content;
    if (text.length === 0) return 0;
    return text.includes(SPECIAL_START) ? countTokens(text, COUNT_OPTIONS) : countTokens(text);
  }
  const size = imageSizeFromBase64(content.data);
  return size ? imageTokens(size.width, size.height) : UNKNOWN_IMAGE_TOKENS;
}

export function outputTokens(output: ToolOutput): number {
  let total = 0;
  for (const content of output.content) total += contentTokens(content);
  return total;
}
