import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { createSupervisor } from '../../src/main/core/supervisor.ts';
import { EXACT_LIMIT_CHARS, contentTokens, loadTokenizer, outputTokens } from '../../src/main/core/tokenMeter.ts';
import type { SupervisorEvent, ToolOutput } from '../../src/shared/types.ts';
import { action, request, tempDataDir, text } from './support/fakes.ts';

// 13 tokens with the o200k_base tokenizer, counted by hand once and fixed here.
const SENTENCE = 'Chaperone keeps a person in charge of every desktop action.';

async function image(width: number, height: number, format: 'png' | 'jpeg'): Promise<{ type: 'image'; data: string; mimeType: string }> {
  const pipeline = sharp({ create: { width, height, channels: 3, background: '#3366aa' } });
  const buffer = await (format === 'png' ? pipeline.png() : pipeline.jpeg({ quality: 50 })).toBuffer();
  return { type: 'image', data: buffer.toString('base64'), mimeType: `image/${format}` };
}

const tokensOf = (text: string) => contentTokens({ type: 'text', text });

test('before the tokenizer has loaded, text is estimated and says so; once loaded, counts are exact', async () => {
  // A fresh process: this one loaded the tokenizer with the test helpers.
  const script = `import { contentTokens, loadTokenizer } from './src/main/core/tokenMeter.ts';
    const text = { type: 'text', text: ${JSON.stringify(SENTENCE)} };
    const before = contentTokens(text);
    await loadTokenizer();
    console.log(JSON.stringify([before, contentTokens(text)]));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), [{ tokens: 15, estimated: true }, { tokens: 13, estimated: false }], '60 bytes at 4 per token, then exact');
  await loadTokenizer();
  assert.deepEqual(tokensOf(SENTENCE), { tokens: 13, estimated: false });
  assert.deepEqual(tokensOf(''), { tokens: 0, estimated: false });
  assert.ok(tokensOf('before <|endoftext|> after').tokens > 3);
});

test('images cost width*height/750 after scaling, with the size read from the PNG or JPEG header', async () => {
  await loadTokenizer();
  assert.equal(contentTokens(await image(1000, 500, 'png')).tokens, 667);
  assert.equal(contentTokens(await image(1000, 500, 'jpeg')).tokens, 667);
  // 2560x1440 is scaled to 1429x804 first: ceil(1429*804/750) = 1532.
  assert.equal(contentTokens(await image(2560, 1440, 'png')).tokens, 1532);
  assert.equal(contentTokens(await image(2560, 1440, 'jpeg')).tokens, 1532);
  const output: ToolOutput = { content: [await image(1000, 500, 'png'), { type: 'text', text: SENTENCE }] };
  assert.deepEqual(outputTokens(output), { tokens: 680, estimated: false });
});

test('usage sums per session and per tool, entries carry tokens, and one warning comes at 80% of the budget', async () => {
  await loadTokenizer();
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

test('long texts are counted exactly in pieces cut where the tokenizer would cut anyway', async () => {
  await loadTokenizer();
  const { countTokens } = await import('gpt-tokenizer');
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const separators = [' ', '  ', '\n', ' \n', '\n ', '\t', '. ', ', ', '\n\n  ', ' - '];
  const words = ['Chaperone', 'keeps', 'a', 'person', 'in', 'charge', "don't", '42', '3.14159', 'naïve', '漢字', 'emoji😀', 'URL:https://example.com/a?b=c', '<|endoftext|>'];
  countTokens('Warm the tokenizer up, so that the time budget is not spent on compiling it. '.repeat(100));
  let text = '';
  while (text.length < 12_000) text += (words[random(words.length)] ?? '') + (separators[random(separators.length)] ?? '');
  assert.deepEqual(tokensOf(text), { tokens: countTokens(text, { disallowedSpecial: new Set() }), estimated: false });
});

test('one repeated character, 256 KiB of it or a 200,000-character page, is counted in under 200 ms and marked as an estimate', async () => {
  await loadTokenizer();
  const page = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3_509).slice(0, 200_000);
  for (const text of ['a'.repeat(256 * 1024), ' '.repeat(256 * 1024), '.'.repeat(256 * 1024), '漢'.repeat(256 * 1024), page, 'a'.repeat(EXACT_LIMIT_CHARS), '漢字かな'.repeat(EXACT_LIMIT_CHARS / 4)]) {
    const started = performance.now();
    const counted = tokensOf(text);
    const ms = performance.now() - started;
    assert.ok(ms < 200, `${text.length} characters of ${JSON.stringify(text.slice(0, 4))} took ${ms.toFixed(0)} ms`);
    assert.equal(counted.estimated, true);
    assert.ok(counted.tokens > 0);
  }
  assert.deepEqual(tokensOf('a'.repeat(1_000)).estimated, false, 'a run that fits in one piece is counted exactly');
});

test('context_usage says which figures are estimates', async () => {
  await loadTokenizer();
  const sup = await createSupervisor({ dataDir: tempDataDir(), log: () => undefined });
  await sup.call(request('desktop_state'), action(async () => text(SENTENCE)));
  await sup.call(request('fetch_page', { url: 'https://example.com' }), action(async () => text('x'.repeat(EXACT_LIMIT_CHARS + 4))));
  const usage = sup.usage('s1');
  assert.equal(usage.estimatedTokens, 25_001);
  assert.deepEqual(usage.byTool.fetch_page, { calls: 1, tokens: 25_001, estimatedTokens: 25_001 });
  assert.deepEqual(usage.byTool.desktop_state, { calls: 1, tokens: 13 });
  const { usageText } = await import('../../src/main/mcp/tools/contextUsage.ts');
  const said = usageText(usage);
  assert.match(said, /^This session's tool results have used 25014 of 200000 tokens/);
  assert.match(said, /^25001 of these tokens are estimates/m);
  assert.match(said, /^- fetch_page: 1 call, 25001 tokens \(25001 estimated\)$/m);
  assert.match(said, /^- desktop_state: 1 call, 13 tokens$/m);
  await sup.close();
});
