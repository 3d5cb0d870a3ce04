// Fetches the Electron runtime after install; where it cannot be downloaded, Chaperone runs headless instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = join('node_modules', 'electron');
if (!existsSync(join(dir, 'install.js'))) {
  console.log('chaperone: Electron is not installed; `npm start` will run headless mode.');
} else if (existsSync(join(dir, 'path.txt'))) {
  // Already downloaded.
} else if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('chaperone: ELECTRON_SKIP_BINARY_DOWNLOAD is set; `npm start` will run headless mode.');
} else {
  const result = spawnSync(process.execPath, ['install.js'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  if (result.status === 0) console.log('chaperone: Electron runtime installed.');
  else console.log('chaperone: the Electron runtime could not be downloaded (offline?); `npm start` will run headless mode. Retry later with `node scripts/fetch-electron.mjs`.');
}
