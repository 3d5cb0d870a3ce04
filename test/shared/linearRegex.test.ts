import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileLinear, nameMatcher, PatternError } from '../../src/shared/linearRegex.ts';

test('matches like a JavaScript regex (case-insensitive) on the supported syntax', () => {
  const cases: [string, string[], string[]][] = [
    ['delete', ['Delete account', 'undelete'], ['Remove']],
    ['^sub(mit)?$', ['Submit', 'sub'], ['Submit form', 'a sub']],
    ['a.c', ['abc', 'xAxC'], ['ac', 'a\nc']],
    ['colou?r', ['Color', 'colour'], ['colouur']],
    ['\\d{2,3}\\s*items', ['12 items', '123items'], ['1 item', '1 items']],
    ['[a-c]+x', ['BBx', 'zax'], ['dx']],
    ['[^0-9]+$', ['abc'], ['abc1']],
    ['(pay|buy) now', ['Buy now', 'PAY NOW!'], ['pay later']],
    ['x{3}', ['xxx'], ['xx']],
    ['a|', ['', 'anything'], []],
    ['e\\.g\\.', ['e.g.'], ['eXgX']],
    ['(?:ab)+c', ['ababc'], ['ac']],
  ];
  for (const [pattern, yes, no] of cases) {
    const compiled = compileLinear(pattern);
    const reference = new RegExp(pattern, 'i');
    for (const text of [...yes, ...no]) assert.equal(compiled.test(text), reference.test(text), `${pattern} on ${JSON.stringify(text)}`);
    for (const text of yes) assert.ok(compiled.test(text), `${pattern} should match ${text}`);
  }
});

test('hostile patterns on 20,000 characters stay linear: under 500 ms each, where backtracking would never end', () => {
  const text = `${'a'.repeat(20_000)}!`;
  for (const pattern of ['(a+)+b', '(a|a)*b', '(a*)*b', 'a*a*a*a*a*a*a*a*b', '(a|aa)+$x', '(.*){20}b']) {
    const start = performance.now();
    assert.equal(compileLinear(pattern).test(text), new RegExp('^$').test('x'), pattern);
    const ms = performance.now() - start;
    assert.ok(ms < 500, `${pattern} took ${ms.toFixed(1)} ms`);
  }
});

test('unsupported syntax is refused with a sentence, and substrings need no slashes', () => {
  assert.throws(() => compileLinear('(a)\\1'), PatternError);
  assert.throws(() => compileLinear('(?=a)'), /Lookarounds/);
  assert.throws(() => compileLinear('a{1,100}'), /Repeats go up to/);
  assert.throws(() => compileLinear('(abc'), /no matching/);
  assert.throws(() => compileLinear('x'.repeat(300)), /at most 200/);
  assert.equal(nameMatcher('Save').test('save as…'), true);
  assert.equal(nameMatcher('/^save$/').test('save as…'), false);
  assert.equal(nameMatcher('(a+)+').test('(a+)+ literal'), true);
});
