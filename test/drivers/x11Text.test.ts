import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capTitle, decodeCompoundText, decodeTextProperty } from '../../src/main/drivers/linux/x11Text.js';

const ESC = 0x1b;
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

test('COMPOUND_TEXT: Latin-1 right half by default, other ISO 8859 parts after ESC - F, UTF-8 segments after ESC % G', () => {
  assert.equal(decodeCompoundText(bytes('caf', [0xe9])), 'café');
  assert.equal(decodeCompoundText(bytes([ESC], '-B', [0xb9, 0xe8], [ESC], '-A', [0xe9])), 'šč' + 'é');
  assert.equal(decodeCompoundText(bytes('a ', [ESC], '%G', Buffer.from('— 中', 'utf8').toJSON().data, [ESC], '%@', ' b')), 'a — 中 b');
  assert.equal(decodeCompoundText(bytes([ESC], '$(B', 'CfJ8', [ESC], '(B', '!')), '中文!');
  assert.equal(decodeCompoundText(bytes([ESC], '-Z', [0xe9], 'x')), '\uFFFDx');
});

test('text properties go by their type; an unknown type is UTF-8 where valid, else Latin-1', () => {
  const types = { UTF8_STRING: 100, COMPOUND_TEXT: 101, STRING: 31 };
  assert.equal(decodeTextProperty(31, bytes([0xe9]), types), 'é');
  assert.equal(decodeTextProperty(100, Buffer.from('é', 'utf8'), types), 'é');
  assert.equal(decodeTextProperty(7, Buffer.from('é', 'utf8'), types), 'é');
  assert.equal(decodeTextProperty(7, bytes([0xe9]), types), 'é');
});

test('titles are capped at 1,024 characters without splitting a surrogate pair', () => {
  assert.equal(capTitle('x'.repeat(5000)).length, 1024);
  const capped = capTitle('x'.repeat(1023) + '😀'.repeat(10));
  assert.equal(capped, 'x'.repeat(1023));
});
