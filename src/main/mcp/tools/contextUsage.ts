// context_usage: how many tokens this session's tool results have cost, so the agent can budget its screenshots.
import type { ContextUsage } from '../../core/types.js';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';

export function usageText(u: ContextUsage): string {
  const percent = u.budget > 0 ? ((u.tokens / u.budget) * 100).toFixed(1) : '0.0';
  const lines = [`This session's tool results have used ${u.tokens} of ${u.budget} tokens (${percent}%).`];
  if (u.estimatedTokens !== undefined) {
    lines.push(`${u.estimatedTokens} of these tokens are estimates (about 4 bytes per token), not exact counts: very long texts, and texts counted before the tokenizer had loaded.`);
  }
  const tools = Object.entries(u.byTool).sort(([, a], [, b]) => b.tokens - a.tokens);
  if (tools.length > 0) {
    const estimated = (t: { estimatedTokens?: number }): string => (t.estimatedTokens === undefined ? '' : ` (${t.estimatedTokens} estimated)`);
    lines.push('Per tool:', ...tools.map(([name, t]) => `- ${name}: ${t.calls} call${t.calls === 1 ? '' : 's'}, ${t.tokens} tokens${estimated(t)}`));
  }
  return lines.join('\n');
}

export const contextUsageTool = defineTool({
  name: 'context_usage',
  title: 'Context usage',
  description:
    "Reports how many tokens this session's tool results have cost so far (screenshots dominate), per tool, against the session's budget. " +
    'Use it to decide whether to take full screenshots or smaller regions.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {},
  action: () => ({
    run: async (ctx) => textOutput(usageText(ctx.usage())),
  }),
});
