// startChaperone: supervisor, drivers, per-session MCP servers and the HTTP server, put together once.
import { join } from 'node:path';
import type { PresetName } from '../../shared/types.js';
import { createSupervisor } from '../core/supervisor.js';
import type { Supervisor } from '../core/types.js';
import { ensureDataDir, removeServerInfo, writeServerInfo } from '../dataDir.js';
import { checkRuntimeDependencies } from '../drivers/runtimeDeps.js';
import type { Drivers } from '../drivers/types.js';
import { clientConfigText } from '../mcp/clientConfig.js';
import { createSessionServer } from '../mcp/sessionServer.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../packageInfo.js';
import { resolveToken, TOKEN_ENV } from '../tokenStore.js';
import { startHttpServer, urlHost } from './httpServer.js';
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
  const { token } = resolveToken({ dataDir: options.dataDir, token: options.token });

  let supervisor: Supervisor | undefined;
  const drivers = options.drivers ?? (await loadDrivers(token, () => supervisor?.settings().fetchAllowHosts ?? []));
  const ready = await createSupervisor({ dataDir: options.dataDir, pointer: drivers.pointer, keyboard: drivers.keyboard, preset: options.policy, log });
  supervisor = ready;

  let http;
  try {
    http = await startHttpServer({
      host,
      port: options.port ?? DEFAULT_PORT,
      token,
      supervisor: ready,
      createSessionServer: () => createSessionServer({ supervisor: ready, drivers, version: PACKAGE_VERSION }),
      panelDir: options.panelDir ?? join(PACKAGE_ROOT, 'dist', 'renderer'),
      clientConfig: (mcpUrl) => clientConfigText({ mcpUrl, token, dataDir: options.dataDir }),
      log,
    });
  } catch (error) {
    await ready.close();
    throw error;
  }

  if (!isLoopbackAddress(host)) log(`Warning: listening on ${host}; other machines can reach Chaperone, protected only by the token. Use a trusted network.`);
  for (const missing of checkRuntimeDependencies()) log(missing);
  drivers
    .desktopProblem()
    .then((problem) => {
      if (problem !== null) log(`Desktop tools are unavailable: ${problem}`);
    })
    .catch((error: unknown) => log(`Could not check the desktop: ${error instanceof Error ? error.message : String(error)}`));

  const base = `http://${urlHost(host)}:${http.port}`;
  const mcpUrl = `${base}/mcp`;
  writeServerInfo(options.dataDir, { url: mcpUrl, pid: process.pid, port: http.port });

  let closing: Promise<void> | undefined;
  const running = http;
  return {
    mcpUrl,
    panelUrl: `${base}/`,
    port: http.port,
    token,
    supervisor: ready,
    drivers,
    close: () => {
      closing ??= running
        .close()
        .then(() => ready.close())
        .finally(() => removeServerInfo(options.dataDir));
      return closing;
    },
  };
}
