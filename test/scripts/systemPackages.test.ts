// Every program the product, the tests and the bench start is in the set-up's install list, so a fresh machine has it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../cli/support/cli.js';

// Not Debian packages (Node itself, the shell, coreutils) or other operating systems' programs.
// Shell commands the tests hand the shell tool are coreutils; 'super' is the key the name "command" stands for.
const NOT_PACKAGES = new Set(['node', 'npm', 'npx', 'sh', 'bash', 'mkdir', 'env', 'ls', 'pwd', 'true', 'false', 'echo', 'super', 'powershell', 'powershell.exe', 'cmd.exe', 'taskkill', 'osascript', 'pbcopy', 'pbpaste', 'open', 'xdg-open']);

// A program named where it is started or looked up, across line breaks: spawn('x', …), runProgram('x', …), findProgram('x', …), program: 'x'.
const STARTED = /\b(?:spawn|spawnSync|execFile|execFileSync|execSync|runProgram|runX11Program|findProgram)\(\s*['"`]([^'"`\s]{1,100})['"`]|\b(?:program|command|binary)\s*[:=]\s*['"`]([^'"`\s]{1,100})['"`]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(?:ts|tsx|mjs|js)$/.test(name) ? [path] : [];
  });
}

function programsStarted(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of ['src', 'test', 'bench']) {
    for (const file of sourceFiles(join(REPO_ROOT, dir))) {
      if (file.endsWith('systemPackages.test.ts')) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(STARTED)) {
        const program = basename(match[1] ?? match[2] ?? '');
        if (program !== '' && !found.has(program)) found.set(program, file.slice(REPO_ROOT.length));
      }
    }
  }
  return found;
}

function installList(): Set<string> {
  const text = readFileSync(join(REPO_ROOT, 'scripts', 'system-packages.mjs'), 'utf8');
  return new Set([...text.matchAll(/\[\s*'([^']+)',\s*'[^']+'\s*\]/g)].map((match) => basename(match[1] ?? '')));
}

it('installs every program that src, test and bench start', () => {
  const installed = installList();
  const started = programsStarted();
  assert.ok(started.has('xdotool') && started.has('Xvfb'), 'the scan finds the programs it is meant to');
  const missing = [...started].filter(([program]) => !installed.has(program) && !NOT_PACKAGES.has(program)).map(([program, file]) => `${program} (${file})`);
  assert.deepEqual(missing, [], 'add these to scripts/system-packages.mjs with their Debian package');
});
