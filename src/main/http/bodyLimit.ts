// Reads a request body up to 4 MiB, by the declared length and by the bytes that actually arrive.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** How much of an oversized body is read and dropped so the client sees the 413 instead of a reset. */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

export type BodyRead = { tooLarge: true } | { tooLarge: false; body: Buffer };

/**
 * Resolves tooLarge only once the client has finished sending (or sent more than MAX_DRAIN_BYTES): answering while
 * it still writes makes fetch report EPIPE or ECONNRESET instead of the 413.
 */
export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length']) > limit;
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        stop();
        req.pause();
        resolve({ tooLarge: true });
        return;
      }
      if (tooLarge) return;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(tooLarge ? { tooLarge: true } : { tooLarge: false, body: Buffer.concat(chunks) });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

export function tooLargeMessage(limit: number = MAX_BODY_BYTES): string {
  return `The request body is larger than ${limit / (1024 * 1024)} MiB.`;
}
