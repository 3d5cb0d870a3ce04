import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy } from '../../src/main/core/policy.ts';
import { DEFAULT_SETTINGS } from '../../src/main/core/settingsSchema.ts';
import type { ActionTarget } from '../../src/shared/target.ts';
import type { Settings } from '../../src/shared/types.ts';

const settings = (change: Partial<Settings> = {}): Settings => ({ ...structuredClone(DEFAULT_SETTINGS), ...change });
const on = (role: string, name: string, title = 'Settings — Example', app = 'chromium'): ActionTarget => ({ window: { title, app, pid: 1 }, element: { role, name } });

test('supervised asks before a click on a consequential button or link, in four languages, and says why', () => {
  const policy = compilePolicy(settings());
  for (const name of ['Delete account', 'Send', 'Pay now', 'Buy', 'Confirm purchase', 'Install update', 'Sign out', 'Konto löschen', 'Jetzt bezahlen', 'Supprimer', 'Envoyer', 'Eliminar cuenta', 'Cerrar sesión', 'Publish post']) {
    const decision = policy.decide('click', { x: 1, y: 1 }, on('button', name));
    assert.equal(decision.mode, 'ask', name);
    assert.match(decision.reason ?? '', /may not be undone/);
  }
  for (const name of ['Cancel', 'Settings', 'Next', 'Undelete', 'Posts']) assert.equal(policy.decide('click', { x: 1, y: 1 }, on('button', name)).mode, 'allow', name);
  assert.equal(policy.decide('click', { x: 1, y: 1 }, on('text field', 'Delete reason')).mode, 'allow', 'only buttons, links and menu items');
  assert.equal(policy.decide('click', { x: 1, y: 1 }).mode, 'allow', 'no known target');
  assert.equal(compilePolicy(settings({ preset: 'autonomous' })).decide('click', {}, on('button', 'Delete account')).mode, 'allow');
});

test('a person\'s rule can match the target, the app and the window title', () => {
  const policy = compilePolicy(
    settings({
      rules: [
        { tool: '*', arg: 'app', match: '^keepassxc$', mode: 'deny', reason: 'Not the password manager.' },
        { tool: 'type', arg: 'window', match: 'bank', mode: 'ask' },
        { tool: 'click', arg: 'target', match: '^link "Help"$', mode: 'deny' },
      ],
    }),
  );
  assert.equal(policy.decide('click', {}, on('button', 'Open', 'Vault', 'keepassxc')).mode, 'deny');
  assert.equal(policy.decide('type', { text: 'x' }, { window: { title: 'My Bank — Firefox', app: 'firefox', pid: 2 } }).mode, 'ask');
  assert.equal(policy.decide('type', { text: 'x' }, { window: { title: 'Notes', app: 'gedit', pid: 2 } }).mode, 'allow');
  assert.equal(policy.decide('click', {}, on('link', 'Help')).mode, 'deny');
});
