// The data dir's location and the files in it that other processes read (server.json).
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The OS's per-user app data dir + /chaperone. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'chaperone');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'chaperone');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'chaperone');
}

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/** What a running server tells `chaperone stdio` about itself. The token is never in it. */
export interface ServerInfo {
  url: string;
  pid: number;
  port: number;
}

export function serverInfoPath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

export function writeServerInfo(dataDir: string, info: ServerInfo): void {
  const path = serverInfoPath(dataDir);
  writeFileSync(path, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** The server.json of the server on this data dir, or null when there is none (or it is unreadable). */
export function readServerInfo(dataDir: string): ServerInfo | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(serverInfoPath(dataDir), 'utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { url, pid, port } = parsed as Record<string, unknown>;
  if (typeof url !== 'string' || typeof pid !== 'number' || typeof port !== 'number') return null;
  return { url, pid, port };
}

/** Removes server.json only if it still describes this process (a newer server may have replaced it). */
export function removeServerInfo(dataDir: string, pid: number = process.pid): void {
  if (readServerInfo(dataDir)?.pid === pid) rmSync(serverInfoPath(dataDir), { force: true });
}
