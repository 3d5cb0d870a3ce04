import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, createSupervisor } from '../../src/main/core/supervisor.ts';
import type { SupervisorEvent } from '../../src/shared/types.ts';
import { tempDataDir } from './support/fakes.ts';

test('saved settings are validated, written to DATA/settings.json, announced and loaded on the next start', async () => {
  const dataDir = tempDataDir();
  const sup = await createSupervisor({ dataDir, log: () => undefined });
  assert.deepEqual(sup.settings(), DEFAULT_SETTINGS);
  const events: SupervisorEvent[] = [];
  sup.subscribe((event) => events.push(event));
  const wanted = { ...sup.settings(), preset: 'cautious', approvalTimeoutS: 30, rules: [{ tool: 'shell', arg: 'command', match: '^ls', mode: 'allow' }] };
  assert.deepEqual(sup.saveSettings(wanted, 'panel'), { ok: true });
  assert.deepEqual(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')), wanted);
  assert.deepEqual(events.map((e) => e.type), ['settings']);
  assert.equal(sup.auditRecent().at(-1)?.decision, 'settings saved');
  await sup.close();
  const next = await createSupervisor({ dataDir, log: () => undefined });
  assert.deepEqual(next.settings(), wanted);
  assert.equal(next.state().policy.preset, 'cautious');
  await next.close();
  const overridden = await createSupervisor({ dataDir, preset: 'autonomous', log: () => undefined });
  assert.equal(overridden.settings().preset, 'autonomous');
  assert.equal(overridden.settings().approvalTimeoutS, 30);
  await overridden.close();
});

test('invalid settings are refused with a plain sentence and change nothing', async () => {
  const dataDir = tempDataDir();
  const sup = await createSupervisor({ dataDir, log: () => undefined });
  const cases: [unknown, RegExp][] = [
    [{ ...sup.settings(), approvalTimeoutS: 'soon' }, /^The settings were not saved: approvalTimeoutS: .*number.*\.$/],
    [{ ...sup.settings(), preset: 'yolo' }, /^The settings were not saved: preset: .*cautious.*\.$/],
    [{ ...sup.settings(), rules: [{ tool: 'shell', arg: 'command', match: '(', mode: 'deny' }] }, /rules\[0\]\.match: Not a valid regular expression/],
    [{ ...sup.settings(), rules: [{ tool: 'sh', mode: 'deny' }] }, /rules\[0\]\.tool: Must be a tool name/],
    [{ ...sup.settings(), rules: [{ tool: 'shell', match: 'x', mode: 'deny' }] }, /rules\[0\]\.arg: Needed when a rule has a match pattern/],
    ['not an object', /^The settings were not saved: settings: /],
  ];
  for (const [input, message] of cases) {
    const result = sup.saveSettings(input);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, message);
  }
  assert.deepEqual(sup.settings(), DEFAULT_SETTINGS);
  await sup.close();
});

test('a broken settings file gives an error naming the line, and the last good settings stay in force', async () => {
  const dataDir = tempDataDir();
  const first = await createSupervisor({ dataDir, log: () => undefined });
  first.saveSettings({ ...first.settings(), preset: 'cautious', rateLimitPerMinute: 7 });
  await first.close();

  const file = join(dataDir, 'settings.json');
  writeFileSync(file, '{\n  "preset": "autonomous",\n  "rules": [\n    { "tool": "shell" "mode": "deny" }\n  ]\n}\n');
  const logged: string[] = [];
  const broken = await createSupervisor({ dataDir, log: (line) => logged.push(line) });
  assert.equal(broken.settings().preset, 'cautious');
  assert.equal(broken.settings().rateLimitPerMinute, 7);
  assert.equal(logged.length, 1);
  assert.match(logged[0] ?? '', /settings\.json is not valid: line 4, column 23: .+\. Chaperone keeps the last good settings until the file is fixed\.$/);
  await broken.close();

  writeFileSync(file, '{\n  "preset": "autonomous",\n  "handsOn": "sometimes"\n}\n');
  const invalid: string[] = [];
  const wrongValue = await createSupervisor({ dataDir, log: (line) => invalid.push(line) });
  assert.match(invalid[0] ?? '', /is not valid: line 3: handsOn: /);
  assert.equal(wrongValue.settings().preset, 'cautious');
  await wrongValue.close();

  const fresh = tempDataDir();
  writeFileSync(join(fresh, 'settings.json'), '{ "preset": ');
  const noGood: string[] = [];
  const defaults = await createSupervisor({ dataDir: fresh, log: (line) => noGood.push(line) });
  assert.deepEqual(defaults.settings(), DEFAULT_SETTINGS);
  assert.match(noGood[0] ?? '', /line 1, column 13/);
  await defaults.close();
});
