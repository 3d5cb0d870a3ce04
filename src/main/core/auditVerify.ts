// Checks the audit log's hash chain across every day-file, in order, and names the first bad record.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditVerification } from '../../shared/types.js';
import { GENESIS_HASH, auditDir, auditFiles, auditHeadPath, hashedBody, readAuditHead, sha256 } from './auditLog.js';

interface Line {
  file: string;
  line: number;
  text: string;
  /** False for a final line with no newline: a record cut off mid-write. */
  complete: boolean;
}

async function readLines(dataDir: string, files: string[]): Promise<Line[]> {
  const lines: Line[] = [];
  for (const name of files) {
    const file = join(auditDir(dataDir), name);
    const text = await readFile(file, 'utf8');
    const parts = text.split('\n');
    const tail = parts.pop() ?? '';
    parts.forEach((part, index) => lines.push({ file, line: index + 1, text: part, complete: true }));
    if (tail.length > 0) lines.push({ file, line: parts.length + 1, text: tail, complete: false });
  }
  return lines;
}

function seqOf(text: string): number | null {
  const match = /^\{"seq":(\d+),/.exec(text);
  return match ? Number(match[1]) : null;
}

export async function verifyAuditChain(dataDir: string): Promise<AuditVerification> {
  const files = auditFiles(dataDir);
  const lines = await readLines(dataDir, files);
  const presentSeqs = new Set<number>();
  for (const { text } of lines) {
    const seq = seqOf(text);
    if (seq !== null) presentSeqs.add(seq);
  }

  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let records = 0;
  const bad = (at: Line, problem: string): AuditVerification => ({ ok: false, kind: 'tampered', records, file: at.file, line: at.line, problem });
  let torn: Line | undefined;

  for (const at of lines) {
    // Only the very end can be torn by a crash or a full disk; the next start cuts it off and records the repair.
    if (!at.complete && at === lines.at(-1)) {
      torn = at;
      break;
    }
    if (!at.complete) return bad(at, 'truncated: the record is cut off mid-line');
    const hashed = hashedBody(at.text);
    const seq = seqOf(at.text);
    if (!hashed || seq === null) return bad(at, 'edited: the line is not a complete audit record');
    let prev: unknown;
    try {
      prev = (JSON.parse(at.text) as { prev?: unknown }).prev;
    } catch {
      return bad(at, 'edited: the line is not valid JSON');
    }
    if (sha256(hashed.body) !== hashed.hash) return bad(at, 'edited: the record does not match its hash');
    if (prev !== prevHash || seq !== expectedSeq) {
      if (seq < expectedSeq) return bad(at, `reordered: record ${seq} appears after record ${expectedSeq - 1}`);
      if (seq > expectedSeq && presentSeqs.has(expectedSeq)) return bad(at, `reordered: record ${seq} appears before record ${expectedSeq}`);
      if (seq > expectedSeq) {
        const missing = seq - 1 > expectedSeq ? `records ${expectedSeq}–${seq - 1} are` : `record ${expectedSeq} is`;
        return bad(at, `deleted: ${missing} missing before this one`);
      }
      return bad(at, 'edited: the record before this one was changed or replaced');
    }
    prevHash = hashed.hash;
    expectedSeq = seq + 1;
    records += 1;
  }
  const head = readAuditHead(dataDir);
  if (head === 'damaged') return { ok: false, kind: 'tampered', records, file: auditHeadPath(dataDir), line: 1, problem: 'edited: the note of the newest record is damaged' };
  const last = lines.filter((line) => line !== torn).at(-1);
  // A record the head noted was complete once, so a torn line where it stood is a cut, not a crash.
  if (head !== null && head.seq > expectedSeq - 1) {
    const lost = head.seq > expectedSeq ? `records ${expectedSeq}–${head.seq} are` : `record ${head.seq} is`;
    const at = torn ?? { file: last?.file ?? auditDir(dataDir), line: (last?.line ?? 0) + 1 };
    return { ok: false, kind: 'tampered', records, file: at.file, line: at.line, problem: `truncated: ${lost} missing from the end of the log` };
  }
  if (head !== null && head.seq === expectedSeq - 1 && head.seq > 0 && head.hash !== prevHash && last) {
    return { ok: false, kind: 'tampered', records, file: last.file, line: last.line, problem: 'edited: the newest record is not the one the log noted' };
  }
  if (torn) {
    const bytes = Buffer.byteLength(torn.text);
    return {
      ok: true,
      records,
      files: files.length,
      torn: { file: torn.file, line: torn.line, problem: `torn: the last ${bytes} bytes are a record cut off mid-write, as a crash or a full disk leaves it; the next start removes them and records the repair` },
    };
  }
  return { ok: true, records, files: files.length };
}
