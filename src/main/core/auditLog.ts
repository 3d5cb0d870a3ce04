// The append-only audit log: DATA/audit/YYYY-MM-DD.jsonl, each record chained to the one before by SHA-256.
import { hash as digest } from 'node:crypto';
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '../../shared/types.js';

export type AuditInput = Omit<AuditRecord, 'seq' | 'ts' | 'prev' | 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);
export const AUDIT_FILE_PATTERN = /^\d{4}-\d{2}-\d{2}\.jsonl$/;
const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;
const RECENT_CAPACITY = 1_000;
// A record is far smaller than this; reading a bounded tail keeps start-up fast on big day-files.
const TAIL_BYTES = 8 * 1024 * 1024;

// The one-shot form: a fraction of createHash's cost, and this runs four times on every call's path.
export function sha256(text: string): string {
  return digest('sha256', text, 'hex');
}

/** The text a record's hash covers: its line without the hash field. */
export function hashedBody(line: string): { body: string; hash: string } | null {
  const match = HASH_SUFFIX.exec(line);
  if (!match?.[1]) return null;
  return { body: `${line.slice(0, match.index)}}`, hash: match[1] };
}

export function auditDir(dataDir: string): string {
  return join(dataDir, 'audit');
}

/** Where the log's newest record is noted, so records cut from the end can be told from an intact end. */
export function auditHeadPath(dataDir: string): string {
  return join(dataDir, 'audit.head');
}

// Fixed-size head: every update overwrites the same bytes in place with one positional write.
const HEAD_BYTES = 128;
const HEAD_DELAY_MS = 100;

export interface AuditHead {
  seq: number;
  hash: string;
}

/** The noted newest record, or null when there is no head file (a log from before heads were kept). */
export function readAuditHead(dataDir: string): AuditHead | 'damaged' | null {
  let text: string;
  try {
    text = readFileSync(auditHeadPath(dataDir), 'utf8');
  } catch {
    return null;
  }
  const match = /^\{"seq":(\d+),"hash":"([0-9a-f]{64})"\}\s*$/.exec(text);
  return match?.[2] ? { seq: Number(match[1]), hash: match[2] } : 'damaged';
}

export function auditFiles(dataDir: string): string[] {
  try {
    return readdirSync(auditDir(dataDir))
      .filter((name) => AUDIT_FILE_PATTERN.test(name))
      .sort();
  } catch {
    return [];
  }
}

interface ChainEnd {
  seq: number;
  hash: string;
  /** Bytes of a torn last line that were cut off, and the file they were in. */
  repaired?: { file: string; bytes: number };
}

/** Finds the last complete record, cutting off a partial last line that a hard kill left behind. */
function findChainEnd(dir: string, files: string[]): ChainEnd {
  let repaired: ChainEnd['repaired'];
  for (let i = files.length - 1; i >= 0; i -= 1) {
    const file = join(dir, files[i] ?? '');
    const fd = openSync(file, 'r+');
    try {
      const size = fstatSync(fd).size;
      const start = Math.max(0, size - TAIL_BYTES);
      const buffer = Buffer.alloc(size - start);
      readSync(fd, buffer, 0, buffer.length, start);
      const text = buffer.toString('utf8');
      const lastNewline = text.lastIndexOf('\n');
      const completeBytes = lastNewline < 0 ? 0 : Buffer.byteLength(text.slice(0, lastNewline + 1));
      if (start + completeBytes < size && !repaired) {
        repaired = { file, bytes: size - start - completeBytes };
        ftruncateSync(fd, start + completeBytes);
      }
      const complete = text.slice(0, lastNewline < 0 ? 0 : lastNewline);
      const lastLine = complete.slice(complete.lastIndexOf('\n') + 1);
      if (lastLine.length > 0) {
        const seq = /^\{"seq":(\d+),/.exec(lastLine);
        const hashed = hashedBody(lastLine);
        return { seq: seq ? Number(seq[1]) : 0, hash: hashed ? hashed.hash : sha256(lastLine), repaired };
      }
    } finally {
      closeSync(fd);
    }
  }
  return { seq: 0, hash: GENESIS_HASH, repaired };
}

export class AuditLog {
  private readonly dir: string;
  private seq: number;
  private lastHash: string;
  private fd: number | null = null;
  private headFd: number | null;
  private headTimer: ReturnType<typeof setTimeout> | undefined;
  private day = '';
  /** The newest lines as written, parsed only when someone asks for them. */
  private readonly recentLines: string[] = [];

  constructor(
    dataDir: string,
    private readonly now: () => number,
  ) {
    this.dir = auditDir(dataDir);
    mkdirSync(this.dir, { recursive: true });
    const end = findChainEnd(this.dir, auditFiles(dataDir));
    this.seq = end.seq;
    this.lastHash = end.hash;
    this.headFd = openSync(auditHeadPath(dataDir), 'w', 0o600);
    this.writeHead();
    if (end.repaired) {
      this.append({
        event: 'control',
        decision: 'repair',
        by: 'chaperone',
        detail: `Removed a partial last record (${end.repaired.bytes} bytes) from ${end.repaired.file}, left by an abrupt stop; the chain continues from the last complete record.`,
      });
    }
  }

  /** Writes the records synchronously, in one write, before the caller goes on. */
  append(...inputs: AuditInput[]): void {
    const ts = new Date(this.now()).toISOString();
    let seq = this.seq;
    let prev = this.lastHash;
    const lines: string[] = [];
    for (const input of inputs) {
      seq += 1;
      // The same text as JSON.stringify({ seq, ts, ...input, prev }), without building that object.
      const body = `{"seq":${seq},"ts":"${ts}",${JSON.stringify(input).slice(1, -1)},"prev":"${prev}"}`;
      prev = sha256(body);
      lines.push(`${body.slice(0, -1)},"hash":"${prev}"}`);
    }
    this.write(ts.slice(0, 10), `${lines.join('\n')}\n`);
    // Only records that reached the file join the chain: after a failed write the next record links to the last written one.
    this.seq = seq;
    this.lastHash = prev;
    for (const line of lines) this.remember(line);
  }

  recent(limit = RECENT_CAPACITY): AuditRecord[] {
    const n = Math.min(Math.max(0, limit), this.recentLines.length);
    return this.recentLines.slice(this.recentLines.length - n).map((line) => JSON.parse(line) as AuditRecord);
  }

  /** Closes the log for good, head included. */
  close(): void {
    if (this.headTimer !== undefined) {
      clearTimeout(this.headTimer);
      this.headTimer = undefined;
      this.writeHead();
    }
    this.closeDayFile();
    if (this.headFd !== null) closeSync(this.headFd);
    this.headFd = null;
  }

  private closeDayFile(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  // Written after the records: a hard kill in between leaves the head one batch behind, never ahead.
  private writeHead(): void {
    if (this.headFd === null) return;
    const text = JSON.stringify({ seq: this.seq, hash: this.lastHash });
    writeSync(this.headFd, Buffer.from(text.padEnd(HEAD_BYTES - 1, ' ') + '\n'), 0, HEAD_BYTES, 0);
  }

  private write(day: string, lines: string): void {
    if (this.fd === null || day !== this.day) {
      this.closeDayFile();
      this.fd = openSync(join(this.dir, `${day}.jsonl`), 'a', 0o600);
      this.day = day;
    }
    // The string form saves a buffer per call; a short write (rare for a file) is finished from a buffer.
    let offset = writeSync(this.fd, lines);
    if (offset < Buffer.byteLength(lines)) {
      const bytes = Buffer.from(lines);
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
    }
    this.scheduleHead();
  }

  // The head may lag (verify only flags a head ahead of the log), so one write per burst of calls is enough.
  private scheduleHead(): void {
    if (this.headTimer !== undefined) return;
    this.headTimer = setTimeout(() => {
      this.headTimer = undefined;
      this.writeHead();
    }, HEAD_DELAY_MS);
    this.headTimer.unref();
  }

  private remember(line: string): void {
    this.recentLines.push(line);
    if (this.recentLines.length > RECENT_CAPACITY * 2) this.recentLines.splice(0, RECENT_CAPACITY);
  }
}
