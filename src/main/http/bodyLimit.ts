// Reads a request body up to 4 MiB, by the declared length and by the bytes that actually arrive.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export type BodyRead = { tooLarge: true } | { tooLarge: false; body: Buffer };

export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) {
      // Drain what the client still sends so it can read the 413 instead of a reset.
      req.resume();
      resolve({ tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        chunks.length = 0;
        req.resume();
        resolve({ tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve({ tooLarge: false, body: Buffer.concat(chunks) });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

export function tooLargeMessage(limit: number = MAX_BODY_BYTES): string {
  return `The request body is larger than ${limit / (1024 * 1024)} MiB.`;
}
