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
  /** Calls in the newest file that have no `finished` or `interrupted` record: a crash cut them short. */
  open: Map<string, boolean>;
}

// Anchored on the fixed start every record has, so one linear match per line.
const CALL_EVENT = /^\{"seq":\d+,"ts":"[^"]{0,40}","event":"(requested|started|finished|interrupted)","callId":"([^"]{1,100})"/;

/** Call ids that were requested and never closed, each with whether its action had started. */
function openCalls(text: string): Map<string, boolean> {
  const open = new Map<string, boolean>();
  for (const line of text.split('\n')) {
    const match = CALL_EVENT.exec(line);
    if (!match?.[2]) continue;
    const [, event, callId] = match;
    if (event === 'requested') open.set(callId, false);
    else if (event === 'started') {
      if (open.has(callId)) open.set(callId, true);
    } else open.delete(callId);
  }
  return open;
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
        return { seq: seq ? Number(seq[1]) : 0, hash: hashed ? hashed.hash : sha256(lastLine), repaired, open: openCalls(complete) };
      }
    } finally {
      closeSync(fd);
    }
  }
  return { seq: 0, hash: GENESIS_HASH, repaired, open: new Map() };
}

export class AuditLog {
  private readonly dir: string;
  private readonly headPath: string;
  private seq: number;
  private lastHash: string;
  private fd: number | null = null;
  private headFd: number | null;
  private headTimer: ReturnType<typeof setTimeout> | undefined;
  private day = '';
  /** Bytes of the open day-file that hold whole records: where a failed write is cut back to. */
  private size = 0;
  /** Set while a failed write may have left part of a record after `size`. */
  private torn = false;
  private headFailing = false;
  /** The newest lines as written, parsed only when someone asks for them. */
  private readonly recentLines: string[] = [];

  /** `warn` hears of failures no caller waits for: the delayed note of the newest record. */
  constructor(
    dataDir: string,
    private readonly now: () => number,
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    this.dir = auditDir(dataDir);
    mkdirSync(this.dir, { recursive: true });
    const end = findChainEnd(this.dir, auditFiles(dataDir));
    this.seq = end.seq;
    this.lastHash = end.hash;
    this.headPath = auditHeadPath(dataDir);
    this.headFd = openSync(this.headPath, 'w', 0o600);
    this.writeHead();
    if (end.repaired) {
      this.append({
        event: 'control',
        decision: 'repair',
        by: 'chaperone',
        detail: `Removed a partial last record (${end.repaired.bytes} bytes) from ${end.repaired.file}, left by an abrupt stop; the chain continues from the last complete record.`,
      });
    }
    const interrupted = [...end.open].map(([callId, started]): AuditInput => ({
      event: 'interrupted',
      callId,
      by: 'chaperone',
      detail: started
        ? 'This call has no finished record: Chaperone stopped (a crash or a hard kill) or could not write it after the action had started, so the action may have run in part or in full.'
        : 'This call has no finished record: Chaperone stopped (a crash or a hard kill) or could not write it before the action started, so the action did not run.',
    }));
    if (interrupted.length > 0) this.append(...interrupted);
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
      this.tryWriteHead();
    }
    try {
      this.cutTornTail();
    } catch (error) {
      this.warn(`Chaperone could not remove a partly written audit record from ${join(this.dir, `${this.day}.jsonl`)}: ${(error as Error).message}. The next start removes it.`);
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
    this.cutTornTail();
    if (this.fd === null || day !== this.day) {
      this.closeDayFile();
      const fd = openSync(join(this.dir, `${day}.jsonl`), 'a', 0o600);
      this.fd = fd;
      this.day = day;
      this.size = fstatSync(fd).size;
    }
    const fd = this.fd;
    // The string form saves a buffer per call; a short write (a full disk) is finished from a buffer.
    const length = Buffer.byteLength(lines);
    try {
      let offset = writeSync(fd, lines);
      if (offset < length) {
        const bytes = Buffer.from(lines);
        while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
      }
    } catch (error) {
      // Part of a record may be on disk: cut it off now, or before the next write, so it never reads as tampering.
      this.torn = true;
      try {
        this.cutTornTail();
      } catch {
        // The write's own error says more; the cut is tried again before anything else is appended.
      }
      throw error;
    }
    this.size += length;
    this.scheduleHead();
  }

  /** Cuts the day-file back to its last whole record after a failed write; throws when it cannot, so nothing is appended to a torn line. */
  private cutTornTail(): void {
    if (!this.torn || this.fd === null) return;
    ftruncateSync(this.fd, this.size);
    this.torn = false;
  }

  // The head may lag (verify only flags a head ahead of the log), so one write per burst of calls is enough.
  private scheduleHead(): void {
    if (this.headTimer !== undefined) return;
    this.headTimer = setTimeout(() => {
      this.headTimer = undefined;
      this.tryWriteHead();
    }, HEAD_DELAY_MS);
    this.headTimer.unref();
  }

  /** For writes no caller waits on: a failure is told once (until it works again), never thrown into a timer. */
  private tryWriteHead(): void {
    try {
      this.writeHead();
      this.headFailing = false;
    } catch (error) {
      if (this.headFailing) return;
      this.headFailing = true;
      this.warn(
        `Chaperone could not update ${this.headPath}, its note of the newest audit record: ${(error as Error).message}. ` +
          'The records themselves are written; check the data folder (free space, permissions).',
      );
    }
  }

  private remember(line: string): void {
    this.recentLines.push(line);
    if (this.recentLines.length > RECENT_CAPACITY * 2) this.recentLines.splice(0, RECENT_CAPACITY);
  }
}
