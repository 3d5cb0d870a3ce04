// `chaperone audit verify`: exit 0 with a summary for an intact chain, 1 naming the first bad record.
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startChaperone } from '../../src/main/http/server.js';
import { headlessDrivers, tempDataDir } from '../http/support/harness.js';
import { envWithoutDisplay, runCli } from './support/cli.js';

describe('chaperone audit verify', () => {
  it('passes an intact log and names the first edited record', async () => {
    const data = tempDataDir();
    const server = await startChaperone({ port: 0, dataDir: data.dir, drivers: headlessDrivers(), panelDir: data.dir });
    server.supervisor.pause('test');
    server.supervisor.resume('test');
    await server.supervisor.stop('test');
    server.supervisor.rearm('test');
    await server.close();

    const intact = await runCli(['audit', 'verify', '--data-dir', data.dir], envWithoutDisplay());
    assert.equal(intact.code, 0, intact.stderr);
    assert.match(intact.stdout, /^Audit log intact: \d+ records in 1 file /);

    const auditDir = join(data.dir, 'audit');
    const file = readdirSync(auditDir).find((name) => name.endsWith('.jsonl'));
    assert.ok(file);
    const whole = readFileSync(join(auditDir, file), 'utf8');
    appendFileSync(join(auditDir, file), '{"seq":99,"ts":"2026-');
    const torn = await runCli(['audit', 'verify', '--data-dir', data.dir], envWithoutDisplay());
    assert.equal(torn.code, 0, 'a last line cut short by a crash is not tampering');
    assert.match(torn.stdout, /^Audit log intact: \d+ records in 1 file .*\nWarning: .* line \d+: torn: the last 21 bytes are a record cut off mid-write/);
    writeFileSync(join(auditDir, file), whole);

    const lines = readFileSync(join(auditDir, file), 'utf8').split('\n');
    assert.ok(lines.length >= 4);
    lines[1] = (lines[1] ?? '').replace('"by":"test"', '"by":"someone else"');
    writeFileSync(join(auditDir, file), lines.join('\n'));

    const broken = await runCli(['audit', 'verify', '--data-dir', data.dir], envWithoutDisplay());
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, new RegExp(`Audit log broken: .*${file.replace('.', '\\.')} line 2: .*\\(tampered, not torn by a crash; the 1 records before it are intact\\)`));
    data.remove();
  });
});
