// `npm start`: the desktop app where the Electron runtime is installed, else headless mode with the panel in the browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const BUILT = ['dist/main/electron/main.js', 'dist/main/electron/preload.cjs', 'dist/main/cli.js', 'dist/renderer/index.html'];
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The Electron executable, or null when the runtime was never downloaded (require('electron') throws then). */
function electronExecutable() {
  try {
    const path = createRequire(join(root, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function buildIfMissing() {
  if (BUILT.every((file) => existsSync(join(root, file)))) return;
  process.stderr.write('Building Chaperone first (npm run build)…\n');
  // Build output goes to stderr: stdout carries only the lines other programs read.
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  if (build.status !== 0) {
    process.stderr.write('The build failed; fix the errors above and run npm start again.\n');
    process.exit(build.status ?? 1);
  }
}

/** The value of --name V or --name=V among the user's arguments. */
function optionValue(name) {
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

/** The token serve uses: --token, else CHAPERONE_TOKEN, else the one kept in the data dir. */
async function panelToken() {
  const { resolveToken } = await import(pathToFileURL(join(root, 'dist/main/tokenStore.js')).href);
  const { defaultDataDir } = await import(pathToFileURL(join(root, 'dist/main/dataDir.js')).href);
  return resolveToken({ dataDir: optionValue('--data-dir') ?? defaultDataDir(), token: optionValue('--token') }).token;
}

function runForwarding(command, commandArgs, stdio) {
  const env = { ...process.env };
  // Set, it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(command, commandArgs, { stdio, env });
  const forward = (signal) => child.kill(signal);
  for (const signal of SIGNALS) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const name of SIGNALS) process.off(name, forward);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
  return child;
}

buildIfMissing();
const electron = electronExecutable();
if (electron !== null) {
  runForwarding(electron, [root, ...args], 'inherit');
} else {
  process.stdout.write('Electron runtime not installed: starting Chaperone in headless mode (panel in your browser).\n');
  const child = runForwarding(process.execPath, [join(root, 'bin', 'chaperone.js'), 'serve', ...args], ['inherit', 'pipe', 'inherit']);
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    process.stdout.write(`${line}\n`);
    if (!line.startsWith('chaperone ready ')) return;
    const { panel } = JSON.parse(line.slice('chaperone ready '.length));
    panelToken().then(
      (token) => process.stderr.write(`Open the control panel: ${panel}?token=${encodeURIComponent(token)}\n`),
      (error) => process.stderr.write(`Open the control panel at ${panel} and sign in with your token (${error.message}).\n`),
    );
  });
}
