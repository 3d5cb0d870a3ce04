import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy } from '../../src/main/core/policy.ts';
import { DEFAULT_SETTINGS, PRESETS } from '../../src/main/core/supervisor.ts';
import type { PolicyRule, PresetName, Settings } from '../../src/shared/types.ts';

function policy(preset: PresetName, rules: PolicyRule[] = []) {
  const settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), preset, rules };
  return compilePolicy(settings);
}

test('supervised asks for shell, app launch/close, clipboard set, risky chords and type with clear; allows the rest', () => {
  const p = policy('supervised');
  const mode = (tool: string, args: Record<string, unknown> = {}) => p.decide(tool, args).mode;
  assert.equal(mode('shell', { command: 'ls' }), 'ask');
  assert.equal(mode('app', { action: 'launch', name: 'firefox' }), 'ask');
  assert.equal(mode('app', { action: 'close', name: 'firefox' }), 'ask');
  assert.equal(mode('app', { action: 'list' }), 'allow');
  assert.equal(mode('app', { action: 'focus', name: 'x' }), 'allow');
  assert.equal(mode('clipboard', { action: 'set', text: 'x' }), 'ask');
  assert.equal(mode('clipboard', { action: 'get' }), 'allow');
  for (const keys of ['alt+f4', 'F4+Alt', 'ctrl+alt+delete', 'ctrl+alt+del', 'super+l', 'win+l', 'ctrl+w', 'ctrl+shift+w', 'ctrl+q', 'cmd+q', 'command+w', 'ctrl+alt+backspace']) {
    assert.equal(mode('key', { keys }), 'ask', keys);
  }
  for (const keys of ['ctrl+c', 'ctrl+v', 'ctrl+shift+t', 'alt+tab', 'enter', 'f4', 'shift+q', 'ctrl+l']) {
    assert.equal(mode('key', { keys }), 'allow', keys);
  }
  assert.equal(mode('type', { text: 'hi', clear: true }), 'ask');
  assert.equal(mode('type', { text: 'hi', clear: false }), 'allow');
  assert.equal(mode('type', { text: 'hi' }), 'allow');
  for (const tool of ['move', 'click', 'drag', 'scroll', 'wait', 'screenshot', 'desktop_state', 'fetch_page', 'ask_human', 'context_usage']) {
    assert.equal(mode(tool), 'allow', tool);
  }
});

test('cautious asks for every tool that is not read-only, except wait, ask_human and context_usage', () => {
  const p = policy('cautious');
  for (const tool of ['move', 'click', 'drag', 'scroll', 'type', 'key', 'app', 'shell', 'clipboard']) assert.equal(p.decide(tool, {}).mode, 'ask', tool);
  for (const tool of ['screenshot', 'desktop_state', 'fetch_page', 'wait', 'ask_human', 'context_usage']) assert.equal(p.decide(tool, {}).mode, 'allow', tool);
});

test('autonomous asks nothing, but the built-in deny list still holds in every preset', () => {
  const p = policy('autonomous');
  assert.equal(p.decide('shell', { command: 'ls' }).mode, 'allow');
  assert.equal(p.decide('key', { keys: 'alt+f4' }).mode, 'allow');
  for (const preset of Object.keys(PRESETS) as PresetName[]) {
    const decision = policy(preset).decide('shell', { command: 'sudo rm -rf --no-preserve-root /' });
    assert.deepEqual([decision.mode, decision.source], ['deny', 'builtin'], preset);
    assert.equal(policy(preset).decide('app', { action: 'launch', name: 'shutdown -h now' }).mode, 'deny', preset);
  }
});

test('the person’s rules come before the preset, first match wins, patterns match a named argument case-insensitively', () => {
  const p = policy('supervised', [
    { tool: 'shell', arg: 'command', match: '^git push', mode: 'deny', reason: 'No pushing.' },
    { tool: 'shell', arg: 'command', match: '^git ', mode: 'allow' },
    { tool: 'click', mode: 'ask' },
    { tool: '*', arg: 'url', match: 'example\\.com', mode: 'deny' },
  ]);
  assert.deepEqual(p.decide('shell', { command: 'GIT PUSH origin' }), { mode: 'deny', reason: 'No pushing.', source: 'rule' });
  assert.equal(p.decide('shell', { command: 'git status' }).mode, 'allow');
  assert.equal(p.decide('shell', { command: 'ls' }).mode, 'ask');
  assert.equal(p.decide('click', { x: 1, y: 1 }).mode, 'ask');
  assert.equal(p.decide('fetch_page', { url: 'https://EXAMPLE.com/x' }).mode, 'deny');
  assert.equal(p.decide('fetch_page', { url: 'https://other.org' }).mode, 'allow');
  // A rule on an argument the call lacks does not match.
  assert.equal(p.decide('move', { x: 1, y: 1 }).mode, 'allow');
});

test('no rule of the person, not even allow-everything, lets a catastrophic command through', () => {
  const p = policy('autonomous', [
    { tool: '*', mode: 'allow' },
    { tool: 'shell', mode: 'allow' },
  ]);
  const decision = p.decide('shell', { command: 'rm -rf ~' });
  assert.deepEqual([decision.mode, decision.source], ['deny', 'builtin']);
  assert.equal(p.decide('shell', { command: 'rm -rf ./build' }).mode, 'allow');
});
