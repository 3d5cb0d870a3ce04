import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkRuntimeDependencies, findProgram, packageFor } from '../../src/main/drivers/runtimeDeps.js';

function binDir(programs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-path-'));
  for (const p of programs) symlinkSync(`/usr/bin/${p}`, join(dir, p));
  return dir;
}

test('on this Linux machine every helper is present', () => {
  assert.deepEqual(checkRuntimeDependencies('linux'), []);
});

test('with an empty PATH each missing helper is named with the Debian package to install', () => {
  const messages = checkRuntimeDependencies('linux', binDir([]));
  assert.equal(messages.length, 2);
  assert.match(messages[0] ?? '', /The programs "xprop" and "xwininfo" are missing.*sudo apt install x11-utils/);
  assert.match(messages[1] ?? '', /"xclip" or "xsel" is missing.*sudo apt install xclip/);
});

test('xsel alone is enough for the clipboard; a single missing x11-utils program is named', () => {
  const messages = checkRuntimeDependencies('linux', binDir(['xprop', 'xsel']));
  assert.deepEqual(messages, ['The program "xwininfo" is missing, so reading the accessibility tree will not work. Install x11-utils: sudo apt install x11-utils.']);
});

test('the package for each Linux helper program', () => {
  assert.equal(packageFor('xwininfo'), 'x11-utils');
  assert.equal(packageFor('xsel'), 'xsel');
  assert.equal(packageFor('ls'), undefined);
});

test('a file that is not executable does not count', () => {
  const dir = binDir(['wmctrl', 'xprop', 'xwininfo']);
  writeFileSync(join(dir, 'xclip'), '#!/bin/sh\n');
  chmodSync(join(dir, 'xclip'), 0o644);
  assert.equal(findProgram('xclip', dir), null);
  assert.equal(checkRuntimeDependencies('linux', dir).length, 1);
  chmodSync(join(dir, 'xclip'), 0o755);
  assert.equal(findProgram('xclip', dir), join(dir, 'xclip'));
  assert.deepEqual(checkRuntimeDependencies('linux', dir), []);
});

test('macOS and Windows helpers are checked by name too', () => {
  assert.match(checkRuntimeDependencies('darwin', binDir([])).join('\n'), /"osascript" is missing/);
  assert.match(checkRuntimeDependencies('win32', binDir([])).join('\n'), /"powershell\.exe" is missing/);
  assert.deepEqual(checkRuntimeDependencies('aix', binDir([])), []);
});
