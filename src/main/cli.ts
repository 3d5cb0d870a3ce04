// `chaperone serve | stdio | audit verify | client-config`: the headless entry points of CONTRACT §2.
import { Command, InvalidArgumentError, Option } from 'commander';
import { PRESET_NAMES, type PresetName } from '../shared/types.js';
import { verifyAuditChain } from './core/auditVerify.js';
import { defaultDataDir, readServerInfo } from './dataDir.js';
import { isLoopbackAddress } from './http/originGuard.js';
import { DEFAULT_HOST, DEFAULT_PORT, startChaperone } from './http/server.js';
import { clientConfigText } from './mcp/clientConfig.js';
import { runStdioBridge, type BridgeTarget } from './mcp/stdioBridge.js';
import { PACKAGE_VERSION } from './packageInfo.js';
import { readStoredToken, resolveToken, TOKEN_ENV, tokenPath } from './tokenStore.js';

const HOW_TO_START = 'Start one with `npm start` (desktop app) or `npx chaperone serve` (headless).';
const SHUTDOWN_GRACE_MS = 5000;

function stderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('Give a port number from 0 to 65535 (0 picks a free port).');
  return port;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface ServeOptions {
  host: string;
  port: number;
  dataDir?: string;
  token?: string;
  policy?: PresetName;
  allowRemote?: boolean;
}

async function serve(options: ServeOptions): Promise<void> {
  if (!isLoopbackAddress(options.host) && options.allowRemote !== true) {
    stderr(`Refusing to listen on ${options.host}: it is not a loopback address, so other machines could reach Chaperone. Add --allow-remote if that is what you want.`);
    process.exit(2);
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  let running;
  try {
    running = await startChaperone({
      host: options.host,
      port: options.port,
      dataDir,
      token: options.token,
      policy: options.policy,
      allowRemote: options.allowRemote,
      log: stderr,
    });
  } catch (error) {
    stderr(`Chaperone could not start: ${message(error)}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    stderr(`${signal} received: stopping Chaperone.`);
    setTimeout(() => {
      stderr('Shutdown took too long; exiting anyway.');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        stderr(`Shutdown failed: ${message(error)}`);
        process.exit(1);
      },
    );
  };
  // Before the ready line: a signal sent the moment it is read must reach the handler, not the default (instant death).
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const ready = { mcp: running.mcpUrl, panel: running.panelUrl, pid: process.pid };
  process.stdout.write(`chaperone ready ${JSON.stringify(ready)}\n`);
  stderr(`Data folder: ${dataDir}. Open the panel at ${running.panelUrl} and sign in with the token from ${tokenPath(dataDir)}.`);
}

async function isAnswering(mcpUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/healthz', mcpUrl), { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function stdio(options: { dataDir?: string; token?: string }): Promise<void> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const info = readServerInfo(dataDir);
  if (info === null || !(await isAnswering(info.url))) {
    stderr(`No Chaperone server is running for the data folder ${dataDir}. ${HOW_TO_START}`);
    process.exit(1);
  }
  const currentToken = (): string | null => options.token ?? (process.env[TOKEN_ENV] || readStoredToken(dataDir));
  const token = currentToken();
  if (token === null) {
    stderr(`No token found: pass --token, set ${TOKEN_ENV}, or check that ${tokenPath(dataDir)} exists.`);
    process.exit(1);
  }
  // Read again on every reconnect: a restarted server may listen on another port.
  const target = (): BridgeTarget | null => {
    const now = readServerInfo(dataDir);
    return now === null ? null : { mcpUrl: now.url, token: currentToken() ?? token };
  };
  await runStdioBridge({ target, log: stderr });
  process.exit(0);
}

async function auditVerify(options: { dataDir?: string }): Promise<void> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const result = await verifyAuditChain(dataDir);
  if (result.ok) {
    const files = result.files === 1 ? '1 file' : `${result.files} files`;
    process.stdout.write(`Audit log intact: ${result.records} records in ${files} (${dataDir}).\n`);
    if (result.torn) process.stdout.write(`Warning: ${result.torn.file} line ${result.torn.line}: ${result.torn.problem}.\n`);
    process.exit(0);
  }
  process.stdout.write(`Audit log broken: ${result.file} line ${result.line}: ${result.problem} (tampered, not torn by a crash; the ${result.records} records before it are intact).\n`);
  process.exit(1);
}

function clientConfig(options: { dataDir?: string; token?: string }): void {
  const dataDir = options.dataDir ?? defaultDataDir();
  const { token } = resolveToken({ dataDir, token: options.token });
  const mcpUrl = readServerInfo(dataDir)?.url ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}/mcp`;
  process.stdout.write(clientConfigText({ mcpUrl, token, dataDir }));
}

function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'config, token and audit log folder').default(undefined, defaultDataDir());
}

export function buildProgram(): Command {
  const program = new Command('chaperone')
    .description('An MCP server for desktop automation with a person supervising every call.')
    .version(PACKAGE_VERSION)
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the server headless: MCP at /mcp, the control panel at /')
    .version(PACKAGE_VERSION)
    .option('--host <host>', 'address to bind; a non-loopback address needs --allow-remote', DEFAULT_HOST)
    .option('--port <n>', 'port; 0 picks a free one', parsePort, DEFAULT_PORT)
    .addOption(dataDirOption())
    .option('--token <token>', `bearer token (default: env ${TOKEN_ENV}, else generated once into DATA/token)`)
    .addOption(new Option('--policy <preset>', 'policy preset (default: supervised, or the saved one)').choices(PRESET_NAMES))
    .option('--allow-remote', 'allow a non-loopback --host (other machines can then connect)')
    .action((options: ServeOptions) => serve(options));

  program
    .command('stdio')
    .description('bridge stdin/stdout to the running server, for MCP clients that launch stdio servers')
    .version(PACKAGE_VERSION)
    .addOption(dataDirOption())
    .option('--token <token>', `bearer token (default: env ${TOKEN_ENV}, else DATA/token)`)
    .action((options: { dataDir?: string; token?: string }) => stdio(options));

  const audit = program.command('audit').description('check the audit log').version(PACKAGE_VERSION);
  audit
    .command('verify')
    .description('check the hash chain of the audit log; exit 1 naming the first bad record')
    .version(PACKAGE_VERSION)
    .addOption(dataDirOption())
    .action((options: { dataDir?: string }) => auditVerify(options));

  program
    .command('client-config')
    .description('print ready-to-paste config for Claude Desktop, Claude Code, Cursor and VS Code')
    .version(PACKAGE_VERSION)
    .addOption(dataDirOption())
    .option('--token <token>', `bearer token (default: env ${TOKEN_ENV}, else DATA/token)`)
    .action((options: { dataDir?: string; token?: string }) => clientConfig(options));

  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    stderr(`chaperone: ${message(error)}`);
    process.exit(1);
  });
