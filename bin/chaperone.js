#!/usr/bin/env node
// Launches the built CLI; before the first build it runs `npm run build` once (saying so), or says how to.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = new URL('../dist/main/cli.js', import.meta.url);

if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('Chaperone is not built yet; running `npm run build` once (about a minute).\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (built.status !== 0 || !existsSync(fileURLToPath(cli))) {
    process.stderr.write(`The build failed; run \`npm run build\` in ${root} and try again.\n`);
    process.exit(1);
  }
}
await import(cli.href);
