import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRiskyChord, KEY_NAMES, keyName, parseChord } from '../../src/main/drivers/keyNames.js';

test('parses a chord case-insensitively into canonical names, in order', () => {
  assert.deepEqual(parseChord('Ctrl+Shift+T'), { ok: true, keys: ['ctrl', 'shift', 't'] });
  assert.deepEqual(parseChord(' control + ALT + Delete '), { ok: true, keys: ['ctrl', 'alt', 'delete'] });
  assert.deepEqual(parseChord('cmd+q'), { ok: true, keys: ['super', 'q'] });
  assert.deepEqual(parseChord('option+return'), { ok: true, keys: ['alt', 'enter'] });
  assert.deepEqual(parseChord('esc'), { ok: true, keys: ['escape'] });
  assert.deepEqual(parseChord('ctrl++'), { ok: true, keys: ['ctrl', 'plus'] });
  assert.deepEqual(parseChord('ctrl+/'), { ok: true, keys: ['ctrl', 'slash'] });
  assert.deepEqual(parseChord('F24'), { ok: true, keys: ['f24'] });
});

test('knows the documented names and aliases', () => {
  for (const name of ['ctrl', 'control', 'shift', 'alt', 'option', 'super', 'win', 'cmd', 'meta', 'enter', 'return', 'tab', 'escape', 'esc', 'space', 'backspace', 'delete', 'insert', 'home', 'end', 'pageup', 'pagedown', 'up', 'down', 'left', 'right', 'f1', 'f12', 'f24', 'a', 'z', '0', '9', 'comma', 'period', 'slash', 'printscreen', 'capslock', 'menu', 'volumeup', 'mute']) {
    assert.ok(KEY_NAMES.get(name), `missing key name ${name}`);
  }
  assert.equal(KEY_NAMES.get('f25'), undefined);
});

test('prototype keys are no key names: refused with the list, never looked up on Object.prototype', () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    const result = parseChord(`ctrl+${name}`);
    assert.ok(!result.ok, name);
    assert.ok(!result.ok && result.error.includes(`Unknown key name "${name.toLowerCase()}"`) && result.error.includes('Valid names: ctrl'), name);
    assert.equal(keyName(name), undefined);
  }
  assert.equal(isRiskyChord(['constructor', 'toString']), false);
});

test('an unknown name is named in the error, with the valid names listed', () => {
  const result = parseChord('ctrl+banana');
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.error.includes('"banana"'));
  assert.ok(!result.ok && result.error.includes('pagedown') && result.error.includes('ctrl'));
  const two = parseChord('ctrl+a ctrl+b');
  assert.ok(!two.ok && /one chord per call/.test(two.error));
  assert.ok(!parseChord('').ok);
  assert.ok(!parseChord('ctrl++a').ok);
  const repeated = parseChord('ctrl+control');
  assert.ok(!repeated.ok && /twice/.test(repeated.error));
});

test('flags chords that close, quit, lock or switch sessions, in any order and spelling', () => {
  for (const chord of ['alt+f4', 'ctrl+alt+delete', 'delete+alt+ctrl', 'super+l', 'win+l', 'ctrl+w', 'ctrl+q', 'cmd+q', 'ctrl+alt+f2', 'shift+delete']) {
    const parsed = parseChord(chord);
    assert.ok(parsed.ok);
    assert.equal(isRiskyChord(parsed.ok ? parsed.keys : []), true, chord);
  }
  for (const chord of ['ctrl+c', 'ctrl+v', 'ctrl+a', 'ctrl+shift+t', 'alt+tab', 'f4', 'enter']) {
    const parsed = parseChord(chord);
    assert.equal(isRiskyChord(parsed.ok ? parsed.keys : []), false, chord);
  }
  assert.equal(isRiskyChord(['Control', 'W']), true);
});
