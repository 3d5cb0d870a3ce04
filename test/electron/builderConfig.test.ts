import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'chaperone-builder-'));
const config = readFileSync('electron-builder.yml', 'utf8');

after(() => rmSync(dir, { recursive: true, force: true }));

function check(text?: string): { status: number | null; stdout: string; stderr: string } {
  const args = ['scripts/check-builder-config.mjs'];
  if (text !== undefined) {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, text);
    args.push(file);
  }
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('electron-builder.yml passes electron-builder schema validation and the packaging checks', () => {
  const result = check();
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /valid for electron-builder/);
});

test('an option electron-builder does not know fails the check', () => {
  const result = check(`${config}\nnotAnOption: true\n`);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /schema: configuration has an unknown property 'notAnOption'/);
});

test('a deb package without the Linux helper programs fails the check', () => {
  const result = check(config.replace(/^\s+- xclip\n/m, ''));
  assert.equal(result.status, 1);
  assert.match(result.stderr, /deb\.depends lacks xclip/);
});

test('a missing icon or entitlements file fails the check', () => {
  const result = check(config.replace('entitlements: build/entitlements.mac.plist', 'entitlements: build/missing.plist'));
  assert.equal(result.status, 1);
  assert.match(result.stderr, /missing file: build\/missing\.plist/);
});
