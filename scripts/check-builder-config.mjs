// Validates electron-builder.yml offline (packaging itself needs an Electron download): `node scripts/check-builder-config.mjs [config]`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util/out/DebugLogger');

const TRAY_STATES = ['running', 'paused', 'stopped', 'approval'];
const LINUX_HELPERS = ['xclip', 'x11-utils'];

function pngSize(file) {
  const header = readFileSync(file).subarray(0, 24);
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

async function problemsIn(configPath) {
  const problems = [];
  const config = await getConfig(root, configPath, null);
  try {
    await validateConfiguration(config, new DebugLogger(false));
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').filter((line) => line.startsWith(' - ')) : [];
    problems.push(`schema: ${detail.map((line) => line.slice(3)).join('; ') || String(error)}`);
  }
  const mustExist = [config.win?.icon, config.mac?.icon, config.linux?.icon, config.mac?.entitlements, config.mac?.entitlementsInherit]
    .filter((path) => typeof path === 'string')
    .concat(TRAY_STATES.flatMap((state) => [`build/tray/${state}.png`, `build/tray/${state}@2x.png`]));
  for (const path of mustExist) {
    if (!existsSync(join(root, path))) problems.push(`missing file: ${path}`);
  }
  const icon = join(root, 'build/icon.png');
  if (existsSync(icon)) {
    const { width, height } = pngSize(icon);
    if (width < 512 || height < 512) problems.push(`build/icon.png is ${width}x${height}; electron-builder needs at least 512x512`);
  }
  if (config.appId !== 'dev.chaperone.app') problems.push(`appId is ${config.appId}, expected dev.chaperone.app`);
  if (config.productName !== 'Chaperone') problems.push(`productName is ${config.productName}, expected Chaperone`);
  if (config.mac?.hardenedRuntime !== true) problems.push('mac.hardenedRuntime must be true');
  if (!config.mac?.extendInfo?.NSScreenCaptureUsageDescription) problems.push('mac.extendInfo.NSScreenCaptureUsageDescription is missing');
  const depends = config.deb?.depends ?? [];
  for (const helper of LINUX_HELPERS) {
    if (!depends.includes(helper)) problems.push(`deb.depends lacks ${helper}, which the Linux drivers call`);
  }
  const files = (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.filter ?? []));
  for (const pattern of ['dist/**', 'package.json', 'bin/**', 'build/tray/**']) {
    if (!files.includes(pattern)) problems.push(`files lacks ${pattern}`);
  }
  const main = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main;
  if (typeof main !== 'string' || !main.startsWith('dist/')) problems.push(`package.json "main" is ${main}; it must point into dist/`);
  return problems;
}

const configPath = resolve(process.argv[2] ?? join(root, 'electron-builder.yml'));
const problems = await problemsIn(configPath);
if (problems.length > 0) {
  for (const problem of problems) console.error(`${configPath}: ${problem}`);
  process.exit(1);
}
console.log(`${configPath}: valid for electron-builder (schema, files, icons, Linux helper packages)`);
