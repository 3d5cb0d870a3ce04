// startChaperone: supervisor, drivers, per-session MCP servers and the HTTP server, put together once.
import { join } from 'node:path';
import type { PresetName } from '../../shared/types.js';
import { createSupervisor } from '../core/supervisor.js';
import type { Supervisor } from '../core/types.js';
import { ensureDataDir, lockDataDir, removeServerInfo, writeServerInfo } from '../dataDir.js';
import { checkRuntimeDependencies } from '../drivers/runtimeDeps.js';
import type { Drivers } from '../drivers/types.js';
import { clientConfigText } from '../mcp/clientConfig.js';
import { createSessionServer } from '../mcp/sessionServer.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../packageInfo.js';
import { loadTokenizer } from '../core/tokenMeter.js';
import { resolveToken, TOKEN_ENV } from '../tokenStore.js';
import { startHttpServer } from './httpServer.js';
import { isLoopbackAddress } from './originGuard.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8765;

export interface ChaperoneOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  dataDir: string;
  /** Else env CHAPERONE_TOKEN, else DATA/token (generated once). */
  token?: string;
  policy?: PresetName;
  /** Needed to bind a non-loopback address. */
  allowRemote?: boolean;
  /** The built panel; default dist/renderer in the package. */
  panelDir?: string;
  drivers?: Drivers;
  log?: (line: string) => void;
}

export interface RunningChaperone {
  mcpUrl: string;
  panelUrl: string;
  port: number;
  token: string;
  supervisor: Supervisor;
  drivers: Drivers;
  close(): Promise<void>;
}

// Imported on demand: callers that bring their own drivers (tests, embedding hosts) never load the OS modules.
async function loadDrivers(token: string, fetchAllowHosts: () => string[]): Promise<Drivers> {
  const { createDrivers } = await import('../drivers/drivers.js');
  return createDrivers({ secrets: [token], hiddenEnv: [TOKEN_ENV], fetchAllowHosts });
}

export async function startChaperone(options: ChaperoneOptions): Promise<RunningChaperone> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? (() => undefined);
  if (!isLoopbackAddress(host) && options.allowRemote !== true) {
    throw new Error(`Refusing to listen on ${host}: it is not a loopback address. Pass allowRemote (--allow-remote) to accept connections from other machines.`);
  }
  ensureDataDir(options.dataDir);
  const unlock = lockDataDir(options.dataDir);
  try {
    return await startLocked(options, host, log, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function startLocked(options: ChaperoneOptions, host: string, log: (line: string) => void, unlock: () => void): Promise<RunningChaperone> {
  const { token } = resolveToken({ dataDir: options.dataDir, token: options.token });

  // The drivers exist before the supervisor whose settings they read, so the lookup is wired afterwards.
  let fetchAllowHosts = (): string[] => [];
  const drivers = options.drivers ?? (await loadDrivers(token, () => fetchAllowHosts()));
  const supervisor = await createSupervisor({ dataDir: options.dataDir, pointer: drivers.pointer, keyboard: drivers.keyboard, preset: options.policy, log });
  fetchAllowHosts = () => supervisor.settings().fetchAllowHosts;

  const http = await startHttpServer({
    host,
    port: options.port ?? DEFAULT_PORT,
    token,
    supervisor,
    createSessionServer: () => createSessionServer({ supervisor, drivers, version: PACKAGE_VERSION }),
    panelDir: options.panelDir ?? join(PACKAGE_ROOT, 'dist', 'renderer'),
    clientConfig: (mcpUrl) => clientConfigText({ mcpUrl, token, dataDir: options.dataDir }),
    log,
  }).catch(async (error: unknown) => {
    await supervisor.close();
    throw error;
  });

  if (!isLoopbackAddress(host)) log(`Warning: listening on ${host}; other machines can reach Chaperone, protected only by the token. Use a trusted network.`);
  for (const missing of checkRuntimeDependencies()) log(missing);
  drivers
    .desktopProblem()
    .then((problem) => {
      if (problem !== null) log(`Desktop tools are unavailable: ${problem}`);
    })
    .catch((error: unknown) => log(`Could not check the desktop: ${error instanceof Error ? error.message : String(error)}`));

  const mcpUrl = `${http.baseUrl}/mcp`;
  writeServerInfo(options.dataDir, { url: mcpUrl, pid: process.pid, port: http.port });
  // Loaded after start-up, not before it: until then token counts are estimates and say so.
  setImmediate(() => loadTokenizer().catch((error: unknown) => log(`The tokenizer could not be loaded, so token counts stay estimates: ${error instanceof Error ? error.message : String(error)}`)));

  let closing: Promise<void> | undefined;
  return {
    mcpUrl,
    panelUrl: `${http.baseUrl}/`,
    port: http.port,
    token,
    supervisor,
    drivers,
    close: () => {
      closing ??= http
        .close()
        .then(() => supervisor.close())
        .finally(() => {
          removeServerInfo(options.dataDir);
          unlock();
        });
      return closing;
    },
  };
}
