// Estimates what a tool result costs the agent's context: text by the o200k tokenizer, images by size.
import { countTokens } from 'gpt-tokenizer';
import { MAX_PIXELS, imageTokens } from '../../shared/screenSpace.js';
import type { ToolContent, ToolOutput } from '../../shared/types.js';
import { imageSizeFromBase64 } from './imageSize.js';

// Special-token text (e.g. "<|endoftext|>") in a result is just text to the model.
const COUNT_OPTIONS = { disallowedSpecial: new Set<string>() };
// An image whose size cannot be read is charged as the largest image a model reads unscaled.
const UNKNOWN_IMAGE_TOKENS = Math.ceil(MAX_PIXELS / 750);

export function contentTokens(content: ToolContent): number {
  if (content.type === 'text') return content.text.length === 0 ? 0 : countTokens(content.text, COUNT_OPTIONS);
  const size = imageSizeFromBase64(content.data);
  return size ? imageTokens(size.width, size.height) : UNKNOWN_IMAGE_TOKENS;
}

export function outputTokens(output: ToolOutput): number {
  let total = 0;
  for (const content of output.content) total += contentTokens(content);
  return total;
}
