import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import { contentTokens, outputTokens } from '../../src/main/core/tokenMeter.ts';
import type { SupervisorEvent, ToolOutput } from '../../src/shared/types.ts';
import { action, request, tempDataDir, text } from './support/fakes.ts';

// 13 tokens with the o200k_base tokenizer, counted by hand once and fixed here.
const SENTENCE = 'Chaperone keeps a person in charge of every desktop action.';

async function image(width: number, height: number, format: 'png' | 'jpeg'): Promise<{ type: 'image'; data: string; mimeType: string }> {
  const pipeline = sharp({ create: { width, height, channels: 3, background: '#3366aa' } });
  const buffer = await (format === 'png' ? pipeline.png() : pipeline.jpeg({ quality: 50 })).toBuffer();
  return { type: 'image', data: buffer.toString('base64'), mimeType: `image/${format}` };
}

test('text is counted by the tokenizer, special-token text included', () => {
  assert.equal(contentTokens({ type: 'text', text: SENTENCE }), 13);
  assert.equal(contentTokens({ type: 'text', text: '' }), 0);
  assert.ok(contentTokens({ type: 'text', text: 'before <|endoftext|> after' }) > 3);
});

test('images cost width*height/750 after scaling, with the size read from the PNG or JPEG header', async () => {
  assert.equal(contentTokens(await image(1000, 500, 'png')), 667);
  assert.equal(contentTokens(await image(1000, 500, 'jpeg')), 667);
  // 2560x1440 is scaled to 1429x804 first: ceil(1429*804/750) = 1532.
  assert.equal(contentTokens(await image(2560, 1440, 'png')), 1532);
  assert.equal(contentTokens(await image(2560, 1440, 'jpeg')), 1532);
  const output: ToolOutput = { content: [await image(1000, 500, 'png'), { type: 'text', text: SENTENCE }] };
  assert.equal(outputTokens(output), 680);
});

test('usage sums per session and per tool, entries carry tokens, and one warning comes at 80% of the budget', async () => {
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  assert.deepEqual(sup.saveSettings({ ...sup.settings(), tokenBudget: 40 }), { ok: true });
  const warnings: string[] = [];
  sup.subscribe((event: SupervisorEvent) => {
    if (event.type === 'notice' && event.level === 'warning') warnings.push(event.message);
  });
  const say = action(async () => text(SENTENCE));
  await sup.call(request('desktop_state'), say);
  await sup.call(request('desktop_state'), say);
  assert.equal(warnings.length, 0);
  await sup.call(request('clipboard', { action: 'get' }), say);
  await sup.call(request('clipboard', { action: 'get' }), say);
  await sup.call(request('clipboard', { action: 'get' }, { sessionId: 'other' }), say);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /39 of its 40 token budget/);
  assert.deepEqual(sup.usage('s1'), {
    sessionId: 's1',
    tokens: 52,
    budget: 40,
    byTool: { desktop_state: { calls: 2, tokens: 26 }, clipboard: { calls: 2, tokens: 26 } },
  });
  assert.equal(sup.usage('other').tokens, 13);
  assert.equal(sup.feed().at(-1)?.tokens, 13);
  const contextUsage = await sup.call(request('context_usage'), action(async (ctx) => text(JSON.stringify(ctx.usage()))));
  assert.equal(JSON.parse((contextUsage.content[0] as { text: string }).text).tokens, 52);
  await sup.close();
});
