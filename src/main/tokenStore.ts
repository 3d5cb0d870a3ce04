// The bearer token: given, from the environment, or generated once and kept in DATA/token (mode 0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDataDir } from './dataDir.js';

export const TOKEN_ENV = 'CHAPERONE_TOKEN';

export type TokenSource = 'option' | 'env' | 'file' | 'generated';

export function tokenPath(dataDir: string): string {
  return join(dataDir, 'token');
}

/** Throws a plain sentence when the token cannot travel in an Authorization header. */
export function checkTokenShape(token: string, from: string): string {
  if (token.length === 0) throw new Error(`The token from ${from} is empty; give a non-empty token or leave it out to use a generated one.`);
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new Error(`The token from ${from} contains spaces or characters that cannot be sent in an HTTP header; use printable ASCII only.`);
  }
  return token;
}

export function readStoredToken(dataDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(tokenPath(dataDir), 'utf8');
  } catch {
    return null;
  }
  const token = text.trim();
  return token.length > 0 ? token : null;
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Order: the given token, then env CHAPERONE_TOKEN, then DATA/token, else a new one written to DATA/token. */
export function resolveToken(options: { dataDir: string; token?: string; env?: NodeJS.ProcessEnv }): { token: string; source: TokenSource } {
  if (options.token !== undefined) return { token: checkTokenShape(options.token, 'the --token option'), source: 'option' };
  const fromEnv = (options.env ?? process.env)[TOKEN_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { token: checkTokenShape(fromEnv, `the ${TOKEN_ENV} environment variable`), source: 'env' };
  const stored = readStoredToken(options.dataDir);
  if (stored !== null) return { token: checkTokenShape(stored, tokenPath(options.dataDir)), source: 'file' };
  ensureDataDir(options.dataDir);
  const token = generateToken();
  const path = tokenPath(options.dataDir);
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { token, source: 'generated' };
}
