// startChaperone: supervisor, drivers, per-session MCP servers and the HTTP server, put together once.
import { join } from 'node:path';
import type { PresetName } from '../../shared/types.js';
import { OwnWindows } from '../core/ownWindows.js';
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
  /** An MCP session with no request and no open stream for this long is closed; default 30 minutes. */
  sessionIdleMs?: number;
  /** How long a closed session stays in the sessions view; default 10 minutes. */
  sessionRetentionMs?: number;
  /** Time a client has to send a request's headers and body; default 30 s. */
  requestTimeoutMs?: number;
  /** Connections one remote address may hold open at once; default 64. */
  maxConnectionsPerAddress?: number;
}

export interface RunningChaperone {
  mcpUrl: string;
  panelUrl: string;
  port: number;
  token: string;
  supervisor: Supervisor;
  drivers: Drivers;
  /** Chaperone's own windows; the desktop app adds its BrowserWindows here. */
  ownWindows: OwnWindows;
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
  const supervisor = await createSupervisor({ dataDir: options.dataDir, pointer: drivers.pointer, keyboard: drivers.keyboard, preset: options.policy, log, sessionRetentionMs: options.sessionRetentionMs });
  fetchAllowHosts = () => supervisor.settings().fetchAllowHosts;
  // In the desktop app the windows belong to this process (Electron's main), so its pid marks them.
  const ownWindows = new OwnWindows(process.pid);

  const http = await startHttpServer({
    host,
    port: options.port ?? DEFAULT_PORT,
    token,
    supervisor,
    ownWindows,
    createSessionServer: () => createSessionServer({ supervisor, drivers, ownWindows, version: PACKAGE_VERSION }),
    panelDir: options.panelDir ?? join(PACKAGE_ROOT, 'dist', 'renderer'),
    clientConfig: (mcpUrl) => clientConfigText({ mcpUrl, token, dataDir: options.dataDir }),
    log,
    sessionIdleMs: options.sessionIdleMs,
    requestTimeoutMs: options.requestTimeoutMs,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress,
  }).catch(async (error: unknown) => {
    await supervisor.close();
    if (!options.drivers) await drivers.close?.();
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
    ownWindows,
    close: () => {
      closing ??= http
        .close()
        .then(() => supervisor.close())
        // Drivers passed in belong to the caller; the ones made here (and their driver child) end here, after the supervisor released held keys.
        .then(() => (options.drivers ? undefined : drivers.close?.()))
        .finally(() => {
          removeServerInfo(options.dataDir);
          unlock();
        });
      return closing;
    },
  };
}
