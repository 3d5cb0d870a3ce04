// Finds the MIT-MAGIC-COOKIE-1 an X server expects, the way Xlib does, from $XAUTHORITY or ~/.Xauthority.
import { readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';

export interface XAuth {
  name: string;
  data: Buffer;
}

const FAMILY_LOCAL = 256;
const FAMILY_WILD = 65535;
const NO_AUTH: XAuth = { name: '', data: Buffer.alloc(0) };

function authFilePath(env: NodeJS.ProcessEnv): string {
  return env.XAUTHORITY ?? join(env.HOME ?? homedir(), '.Xauthority');
}

export function readXAuth(displayNumber: number, env: NodeJS.ProcessEnv = process.env): XAuth {
  let file: Buffer;
  try {
    file = readFileSync(authFilePath(env));
  } catch {
    return NO_AUTH;
  }
  const host = hostname();
  let offset = 0;
  const field = (): Buffer => {
    const length = file.readUInt16BE(offset);
    const value = file.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    return value;
  };
  try {
    while (offset + 2 <= file.length) {
      const family = file.readUInt16BE(offset);
      offset += 2;
      const address = field().toString('latin1');
      const number = field().toString('latin1');
      const name = field().toString('latin1');
      const data = Buffer.from(field());
      const hostMatches = family === FAMILY_WILD || (family === FAMILY_LOCAL && address === host);
      const numberMatches = number === '' || number === String(displayNumber);
      if (hostMatches && numberMatches && name === 'MIT-MAGIC-COOKIE-1') return { name, data };
    }
  } catch {
    return NO_AUTH;
  }
  return NO_AUTH;
}
