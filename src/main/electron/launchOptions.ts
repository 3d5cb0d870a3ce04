// The desktop app takes the same server options as `chaperone serve` (--port, --data-dir, --token, --policy).
import { parseArgs } from 'node:util';
import { PRESET_NAMES, type PresetName } from '../../shared/types.js';
import { defaultDataDir } from '../dataDir.js';
import { DEFAULT_PORT } from '../http/server.js';

export interface LaunchOptions {
  port: number;
  dataDir: string;
  token?: string;
  policy?: PresetName;
}

/** Reads the server options from the app's command line; a bad value is an error that says which and why. */
export function launchOptions(argv: readonly string[]): LaunchOptions {
  // Electron and Chromium add switches of their own, so unknown ones are let through.
  const { values } = parseArgs({
    args: argv.slice(1),
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, token: { type: 'string' }, policy: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const port = text('port');
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) > 65535)) throw new Error(`--port ${port} is not a port number from 0 to 65535.`);
  const policy = text('policy');
  if (policy !== undefined && !(PRESET_NAMES as readonly string[]).includes(policy)) throw new Error(`--policy ${policy} is not a preset; use ${PRESET_NAMES.join(', ')}.`);
  return {
    port: port === undefined ? DEFAULT_PORT : Number(port),
    dataDir: text('data-dir') ?? defaultDataDir(),
    ...(text('token') === undefined ? {} : { token: text('token') }),
    ...(policy === undefined ? {} : { policy: policy as PresetName }),
  };
}
