// The data dir's location, its one-server lock, and the files in it that other processes read (server.json).
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
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

export function lockPath(dataDir: string): string {
  return join(dataDir, 'chaperone.lock');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes DATA/chaperone.lock for this process, so two servers never interleave one audit chain.
 * A lock whose process is gone (a crash) is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): () => void {
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      const holder = Number.parseInt(text, 10);
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        const who = holder === pid ? 'this process' : `process ${holder}`;
        throw new Error(`Another Chaperone server (${who}) is already using the data folder ${dataDir}. Stop it first, or pass --data-dir to use another folder.`, { cause: error });
      }
      // Stale or half-written by a server that died: remove it and try again.
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${pid}\n`);
    } finally {
      closeSync(fd);
    }
    return () => {
      try {
        if (Number.parseInt(readFileSync(path, 'utf8'), 10) === pid) rmSync(path, { force: true });
      } catch {
        // Already gone.
      }
    };
  }
  throw new Error(`Chaperone could not take the lock ${path}: another server keeps replacing it. Stop the other server and try again.`);
}
