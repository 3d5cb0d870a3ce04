import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AuditLog } from '../../src/main/core/auditLog.ts';
import { createSupervisor, verifyAuditChain } from '../../src/main/core/supervisor.ts';
import type { ToolOutput } from '../../src/shared/types.ts';
import { action, request, tempDataDir, text, waitFor } from './support/fakes.ts';

const DAY = '2026-03-04';
const NOON = Date.parse(`${DAY}T12:00:00Z`);

/** A data dir with `count` records in one day-file. */
function logWith(count: number, now = () => NOON): string {
  const dataDir = tempDataDir();
  const log = new AuditLog(dataDir, now);
  for (let i = 1; i <= count; i += 1) log.append({ event: 'requested', callId: `c${i}`, tool: 'move', args: { x: i, y: i } });
  log.close();
  return dataDir;
}

const fileOf = (dataDir: string, day = DAY) => join(dataDir, 'audit', `${day}.jsonl`);
const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').slice(0, -1);
const writeLines = (file: string, lines: string[]) => writeFileSync(file, lines.map((l) => `${l}\n`).join(''));

test('every call writes requested, decided, started and finished records before and after the action; the chain verifies', async () => {
  const dataDir = tempDataDir();
  const sup = await createSupervisor({ dataDir, log: () => undefined });
  let onDiskWhenRunning = '';
  await sup.call(
    request('move', { x: 5, y: 6 }),
    action(async () => {
      onDiskWhenRunning = readdirSync(join(dataDir, 'audit')).map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8')).join('');
      return text('moved');
    }),
  );
  sup.pause('panel', 'Checking.');
  sup.resume('panel');
  await sup.stop('tray');
  sup.rearm('panel');
  assert.deepEqual(
    onDiskWhenRunning.trim().split('\n').map((l) => JSON.parse(l).event),
    ['requested', 'decided', 'started'],
    'the call is on disk before the action runs',
  );
  const recent = sup.auditRecent();
  assert.deepEqual(recent.map((r) => r.event), ['requested', 'decided', 'started', 'finished', 'control', 'control', 'control', 'control']);
  assert.deepEqual(recent.slice(4).map((r) => [r.decision, r.by]), [['pause', 'panel'], ['resume', 'panel'], ['stop', 'tray'], ['rearm', 'panel']]);
  assert.equal(recent[0]?.tool, 'move');
  assert.deepEqual(recent[0]?.args, { x: 5, y: 6 });
  assert.equal(recent[3]?.outcome, 'done');
  assert.equal(recent[1]?.prev, recent[0]?.hash);
  assert.deepEqual(await sup.auditVerify(), { ok: true, records: 8, files: 1 });
  await sup.close();
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: true, records: 8, files: 1 });
});

test('an edited record is reported with its file and line', async () => {
  const dataDir = logWith(6);
  const file = fileOf(dataDir);
  const lines = linesOf(file);
  lines[2] = (lines[2] ?? '').replace('"x":3', '"x":300');
  writeLines(file, lines);
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: false, kind: 'tampered', records: 2, file, line: 3, problem: 'edited: the record does not match its hash' });
});

test('a record edited with its own hash recomputed breaks the next record’s link', async () => {
  const { sha256, hashedBody } = await import('../../src/main/core/auditLog.ts');
  const dataDir = logWith(6);
  const file = fileOf(dataDir);
  const lines = linesOf(file);
  const forged = hashedBody((lines[2] ?? '').replace('"x":3', '"x":300'));
  assert.ok(forged);
  lines[2] = `${forged.body.slice(0, -1)},"hash":"${sha256(forged.body)}"}`;
  writeLines(file, lines);
  const result = await verifyAuditChain(dataDir);
  assert.equal(result.ok, false);
  assert.deepEqual(result.ok === false && [result.line, result.problem], [4, 'edited: the record before this one was changed or replaced']);
});

test('a deleted line, reordered lines and a line truncated mid-way are each named', async () => {
  const deleted = logWith(6);
  const deletedFile = fileOf(deleted);
  writeLines(deletedFile, linesOf(deletedFile).filter((_, i) => i !== 2));
  assert.deepEqual(await verifyAuditChain(deleted), { ok: false, kind: 'tampered', records: 2, file: deletedFile, line: 3, problem: 'deleted: record 3 is missing before this one' });

  const reordered = logWith(6);
  const reorderedFile = fileOf(reordered);
  const lines = linesOf(reorderedFile);
  [lines[2], lines[3]] = [lines[3] ?? '', lines[2] ?? ''];
  writeLines(reorderedFile, lines);
  const result = await verifyAuditChain(reordered);
  assert.deepEqual(result, { ok: false, kind: 'tampered', records: 2, file: reorderedFile, line: 3, problem: 'reordered: record 4 appears before record 3' });

  const truncated = logWith(6);
  const truncatedFile = fileOf(truncated);
  truncateSync(truncatedFile, statSync(truncatedFile).size - 30);
  // The head noted record 6 whole, so its cut-off line is a cut, not a crash.
  assert.deepEqual(await verifyAuditChain(truncated), { ok: false, kind: 'tampered', records: 5, file: truncatedFile, line: 6, problem: 'truncated: record 6 is missing from the end of the log' });

  const cutInside = logWith(6);
  const cutFile = fileOf(cutInside);
  const kept = linesOf(cutFile);
  writeLines(cutFile, [...kept.slice(0, 2), (kept[2] ?? '').slice(0, 40), ...kept.slice(3)]);
  const cut = await verifyAuditChain(cutInside);
  assert.deepEqual(cut.ok === false && [cut.line, cut.problem.split(':')[0]], [3, 'edited']);
});

test('the chain runs across day-files, and a problem in the first file is found', async () => {
  let clock = Date.parse(`${DAY}T23:59:59.500Z`);
  const dataDir = tempDataDir();
  const log = new AuditLog(dataDir, () => clock);
  for (let i = 1; i <= 6; i += 1) {
    log.append({ event: 'control', decision: 'pause', by: `person ${i}` });
    clock += 200;
  }
  log.close();
  const files = readdirSync(join(dataDir, 'audit')).sort();
  assert.deepEqual(files, ['2026-03-04.jsonl', '2026-03-05.jsonl']);
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: true, records: 6, files: 2 });

  const again = new AuditLog(dataDir, () => clock);
  again.append({ event: 'control', decision: 'resume', by: 'panel' });
  again.close();
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: true, records: 7, files: 2 });

  const copy = tempDataDir();
  cpSync(join(dataDir, 'audit'), join(copy, 'audit'), { recursive: true });
  const first = fileOf(copy, '2026-03-04');
  writeFileSync(first, readFileSync(first, 'utf8').replace('person 2', 'person X'));
  assert.deepEqual(await verifyAuditChain(copy), { ok: false, kind: 'tampered', records: 1, file: first, line: 2, problem: 'edited: the record does not match its hash' });

  const emptied = tempDataDir();
  cpSync(join(dataDir, 'audit'), join(emptied, 'audit'), { recursive: true });
  writeFileSync(fileOf(emptied, '2026-03-04'), '');
  const missing = await verifyAuditChain(emptied);
  assert.deepEqual(missing.ok === false && [missing.line, missing.problem.split(':')[0]], [1, 'deleted']);
});

test('a writer killed with SIGKILL mid-run leaves a chain that verifies up to its last complete record; the next start repairs and continues it', async () => {
  const dataDir = tempDataDir();
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'auditWriter.ts'), dataDir], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const auditFile = () => readdirSync(join(dataDir, 'audit')).map((f) => join(dataDir, 'audit', f))[0] ?? '';
  await waitFor(() => {
    try {
      return statSync(auditFile()).size > 2_000_000;
    } catch {
      return false;
    }
  }, 15_000, 'the writer to write');
  child.kill('SIGKILL');
  await exited;

  const file = auditFile();
  const complete = readFileSync(file, 'utf8').split('\n').length - 1;
  assert.ok(complete > 50, `${complete} records written`);
  const afterKill = await verifyAuditChain(dataDir);
  assert.equal(afterKill.ok, true, JSON.stringify(afterKill));
  assert.equal(afterKill.records, complete);

  // Whatever the kill left, make sure a torn tail is there for the repair to handle: intact, with a warning that names it.
  appendFileSync(file, '{"seq":999999,"ts":"2026-');
  const torn = await verifyAuditChain(dataDir);
  assert.deepEqual(torn.ok && torn.torn && [torn.records, torn.torn.file, torn.torn.line, torn.torn.problem.split(':')[0]], [complete, file, complete + 1, 'torn']);

  const sup = await createSupervisor({ dataDir, log: () => undefined });
  await sup.call(request('move', { x: 1, y: 1 }), action(async () => text('moved')));
  const repair = sup.auditRecent().find((record) => record.decision === 'repair');
  assert.ok(repair, 'a control record says the log was repaired');
  assert.equal(repair.seq, complete + 1);
  assert.match(repair.detail ?? '', /Removed a partial last record \(\d+ bytes\)/);
  // The writer's calls were never finished: each is closed with an interrupted record.
  const interrupted = sup.auditRecent().filter((record) => record.event === 'interrupted').length;
  assert.ok(interrupted > 10, `${interrupted} interrupted records`);
  await sup.close();
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: true, records: complete + 5 + interrupted, files: 1 });
});

test('whole records cut from the end of the log, or a whole last day-file removed, are reported as truncated', async () => {
  const cutEnd = logWith(6);
  const file = fileOf(cutEnd);
  writeLines(file, linesOf(file).slice(0, 4));
  assert.deepEqual(await verifyAuditChain(cutEnd), { ok: false, kind: 'tampered', records: 4, file, line: 5, problem: 'truncated: records 5–6 are missing from the end of the log' });

  let clock = Date.parse(`${DAY}T23:59:59.500Z`);
  const twoDays = tempDataDir();
  const log = new AuditLog(twoDays, () => clock);
  for (let i = 1; i <= 4; i += 1) {
    log.append({ event: 'control', decision: 'pause', by: `person ${i}` });
    clock += 400;
  }
  log.close();
  const [first, second] = readdirSync(join(twoDays, 'audit')).sort();
  assert.ok(first && second, 'two day-files');
  const firstRecords = linesOf(join(twoDays, 'audit', first)).length;
  rmSync(join(twoDays, 'audit', second));
  const result = await verifyAuditChain(twoDays);
  assert.deepEqual(result.ok === false && [result.file, result.line, result.problem.split(':')[0]], [join(twoDays, 'audit', first), firstRecords + 1, 'truncated']);
});

test('the note of the newest record is checked too, and a new start keeps it in step', async () => {
  const dataDir = logWith(3);
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: true, records: 3, files: 1 });
  const head = join(dataDir, 'audit.head');
  const noted = readFileSync(head, 'utf8');
  assert.match(noted, /^\{"seq":3,"hash":"[0-9a-f]{64}"\}/);
  writeFileSync(head, 'not a head');
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: false, kind: 'tampered', records: 3, file: head, line: 1, problem: 'edited: the note of the newest record is damaged' });
  const reopened = new AuditLog(dataDir, () => NOON);
  reopened.append({ event: 'control', decision: 'resume', by: 'panel' });
  reopened.close();
  // 3 calls, 3 interrupted records closing them (they were never finished), and the resume.
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: true, records: 7, files: 1 });
});

test('when the audit log cannot be written, no action runs unrecorded, the person is told, and the chain stays whole', async () => {
  const dataDir = tempDataDir();
  let clock = NOON;
  const warnings: string[] = [];
  const sup = await createSupervisor({ dataDir, now: () => clock, log: (line) => warnings.push(line) });
  // The next day's file cannot be opened: a folder stands where it would be.
  const blocked = join(dataDir, 'audit', '2026-03-05.jsonl');
  mkdirSync(blocked);
  let runs = 0;
  const nextDay = action(async () => {
    runs += 1;
    clock += 24 * 3600_000;
    return text('moved');
  });
  assert.deepEqual(await sup.call(request('move', { x: 1, y: 1 }), nextDay), text('moved'), 'recorded before it ran');
  assert.equal(sup.feed().at(-1)?.status, 'done');
  assert.match(warnings.join('\n'), /could not write to its audit log: EISDIR/);

  const refused = await sup.call(request('move', { x: 2, y: 2 }), nextDay);
  assert.equal(refused.isError, true);
  assert.match(refused.content[0]?.type === 'text' ? refused.content[0].text : '', /could not record this move call in its audit log, so it did not run it \(EISDIR/);
  assert.equal(runs, 1, 'the unrecorded call did not run');
  assert.equal(sup.feed().at(-1)?.status, 'failed');

  rmSync(blocked, { recursive: true });
  assert.deepEqual(await sup.call(request('move', { x: 3, y: 3 }), action(async () => text('moved'))), text('moved'));
  await sup.close();
  const verified = await verifyAuditChain(dataDir);
  assert.equal(verified.ok, true, JSON.stringify(verified));
});

/** Whether chattr can make files immutable here (root on ext4); the reason when it cannot. */
function immutableUnsupported(path: string): string | null {
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'pipe' });
    execFileSync('chattr', ['-i', path], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `chattr +i is not available here (${(error as Error).message.split('\n')[0]}), so a write cannot be made to fail with EPERM`;
  }
}

test('an EPERM in the delayed audit-head write is told to the person and does not end the server', async (t) => {
  const dataDir = tempDataDir();
  const warnings: string[] = [];
  const sup = await createSupervisor({ dataDir, log: (line) => warnings.push(line) });
  const head = join(dataDir, 'audit.head');
  const unsupported = immutableUnsupported(head);
  if (unsupported) {
    console.log(`skipped: ${unsupported}`);
    t.skip(unsupported);
    await sup.close();
    return;
  }
  await sup.call(request('move', { x: 1, y: 1 }), action(async () => text('moved')));
  // Immutable: the head's open descriptor now fails every write with EPERM, as it did in the field.
  execFileSync('chattr', ['+i', head]);
  try {
    await waitFor(() => warnings.some((line) => line.includes('could not update')), 5_000, 'the head write to fail');
    await sup.call(request('move', { x: 2, y: 2 }), action(async () => text('moved')));
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    execFileSync('chattr', ['-i', head]);
  }
  assert.equal(warnings.filter((line) => line.includes('could not update')).length, 1, 'told once, not on every write');
  assert.match(warnings.find((line) => line.includes('could not update')) ?? '', /audit\.head, its note of the newest audit record: EPERM/);
  await sup.call(request('move', { x: 3, y: 3 }), action(async () => text('moved')));
  await sup.close();
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: true, records: 12, files: 1 });
});

test('a full disk: calls are refused while unrecorded, Pause still takes effect, the short write is cut back, and the chain verifies once space returns', async (t) => {
  const mountPoint = tempDataDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (error) {
    const reason = `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})`;
    console.log(`skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  try {
    const dataDir = join(mountPoint, 'data');
    const warnings: string[] = [];
    const sup = await createSupervisor({ dataDir, log: (line) => warnings.push(line) });
    let runs = 0;
    const move = action(async () => {
      runs += 1;
      return text('moved');
    });
    assert.deepEqual(await sup.call(request('move', { x: 0, y: 0 }), move), text('moved'));
    // Fill the disk; the day-file's last page still has room, so records go on until one is written only in part.
    const filler = join(mountPoint, 'filler');
    const fd = openSync(filler, 'w');
    try {
      for (;;) writeSync(fd, Buffer.alloc(1024));
    } catch (error) {
      assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
    } finally {
      closeSync(fd);
    }
    let refused: ToolOutput | undefined;
    for (let i = 1; i < 100 && refused === undefined; i += 1) {
      const result = await sup.call(request('move', { x: i, y: i }), move);
      if (result.isError) refused = result;
    }
    assert.ok(refused, 'a call was refused once the disk was full');
    assert.match(refused.content[0]?.type === 'text' ? refused.content[0].text : '', /could not record this move call in its audit log, so it did not run it \(ENOSPC/);
    const ranBefore = runs;
    assert.equal((await sup.call(request('move', { x: 200, y: 200 }), move)).isError, true);
    assert.equal(runs, ranBefore, 'no action runs while it cannot be recorded');

    const paused = sup.pause('panel');
    assert.equal(paused.recorded, false);
    assert.match(paused.recorded ? '' : paused.error, /^Chaperone paused all actions, but could not record that in its audit log: ENOSPC/);
    assert.equal(sup.state().status, 'paused');
    const stopped = await sup.stop('panel');
    assert.equal(stopped.recorded, false);
    assert.equal(sup.state().status, 'stopped');

    rmSync(filler);
    assert.deepEqual(sup.rearm('panel'), { recorded: true });
    assert.deepEqual(await sup.call(request('move', { x: 300, y: 300 }), move), text('moved'));
    await sup.close();
    const verified = await verifyAuditChain(dataDir);
    assert.equal(verified.ok && verified.torn === undefined, true, JSON.stringify(verified));
  } finally {
    execFileSync('umount', [mountPoint]);
  }
});

test('calls a crash left open are closed with an interrupted record at the next start', async () => {
  const dataDir = tempDataDir();
  const log = new AuditLog(dataDir, () => NOON);
  log.append({ event: 'requested', callId: 'ran', tool: 'type' }, { event: 'decided', callId: 'ran', decision: 'allow', by: 'policy' }, { event: 'started', callId: 'ran' });
  log.append({ event: 'requested', callId: 'waited', tool: 'shell' }, { event: 'decided', callId: 'waited', decision: 'ask', by: 'policy' });
  log.append({ event: 'requested', callId: 'done', tool: 'move' }, { event: 'started', callId: 'done' }, { event: 'finished', callId: 'done', outcome: 'done' });
  // No close: the process died here.
  const sup = await createSupervisor({ dataDir, now: () => NOON, log: () => undefined });
  const interrupted = sup.auditRecent().filter((record) => record.event === 'interrupted');
  assert.deepEqual(interrupted.map((record) => [record.callId, record.by]), [['ran', 'chaperone'], ['waited', 'chaperone']]);
  assert.match(interrupted[0]?.detail ?? '', /after the action had started, so the action may have run/);
  assert.match(interrupted[1]?.detail ?? '', /before the action started, so the action did not run/);
  await sup.close();
  const again = await createSupervisor({ dataDir, now: () => NOON, log: () => undefined });
  assert.equal(again.auditRecent().filter((record) => record.event === 'interrupted').length, 0, 'closed once, not at every start');
  await again.close();
  assert.deepEqual(await verifyAuditChain(dataDir), { ok: true, records: 10, files: 1 });
});

test('a torn last line reads as intact with a warning; a torn line with records after it, or a mid-file edit, as tampered', async () => {
  const dataDir = logWith(3);
  const file = fileOf(dataDir);
  const whole = readFileSync(file, 'utf8');
  const fourth = '{"seq":4,"ts":"2026-03-04T12:00:00.000Z","event":"requested","callId":"c4"';
  appendFileSync(file, fourth);
  const torn = await verifyAuditChain(dataDir);
  assert.equal(torn.ok, true);
  assert.deepEqual(torn.ok && torn.torn && [torn.torn.line, torn.torn.problem.split(':')[0]], [4, 'torn']);

  writeFileSync(file, `${whole}${fourth}\n${linesOf(file)[0]}\n`);
  const glued = await verifyAuditChain(dataDir);
  assert.deepEqual(!glued.ok && [glued.kind, glued.line], ['tampered', 4]);

  writeFileSync(file, whole.replace('"x":2', '"x":20'));
  const edited = await verifyAuditChain(dataDir);
  assert.deepEqual(!edited.ok && [edited.kind, edited.line], ['tampered', 2]);
});
