// bin/chaperone.js before the first build: it builds once and says so in one line, or says in one line to build; never a module stack.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from './support/cli.js';

/** A package with the real launcher and a stand-in build script, so the test takes a second, not a full build. */
function fakePackage(buildScript: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-bin-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(REPO_ROOT, 'bin', 'chaperone.js'), join(dir, 'bin', 'chaperone.js'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fake-chaperone', type: 'module', scripts: { build: buildScript } }));
  writeFileSync(
    join(dir, 'build.mjs'),
    "import { mkdirSync, writeFileSync } from 'node:fs';\nmkdirSync('dist/main', { recursive: true });\nwriteFileSync('dist/main/cli.js', \"process.stdout.write('cli ran ' + process.argv.slice(2).join(' '));\\n\");\n",
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

it('builds on first use, saying so in one line, then runs the command', () => {
  const pkg = fakePackage('node build.mjs');
  const run = spawnSync(process.execPath, [join(pkg.dir, 'bin', 'chaperone.js'), '--version'], { cwd: tmpdir(), encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.stderr, 'Chaperone is not built yet; running `npm run build` once (about a minute).\n');
  assert.equal(run.stdout, 'cli ran --version');
  const again = spawnSync(process.execPath, [join(pkg.dir, 'bin', 'chaperone.js'), 'stdio'], { cwd: tmpdir(), encoding: 'utf8', timeout: 30_000 });
  assert.equal(again.stderr, '', 'the second run does not build again');
  pkg.remove();
});

it('says in one line to run npm run build when the build fails', () => {
  const pkg = fakePackage('node -e "process.exit(3)"');
  const run = spawnSync(process.execPath, [join(pkg.dir, 'bin', 'chaperone.js'), 'serve'], { cwd: tmpdir(), encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 1);
  assert.doesNotMatch(run.stderr, /ERR_MODULE_NOT_FOUND|at /);
  assert.match(run.stderr, /The build failed; run `npm run build` in .+ and try again\.\n$/);
  pkg.remove();
});
