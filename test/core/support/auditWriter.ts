// Child process for the crash test: appends audit records as fast as it can until it is killed.
import { AuditLog } from '../../../src/main/core/auditLog.ts';

const dataDir = process.argv[2] ?? '';
const log = new AuditLog(dataDir, Date.now);
const padding = 'x'.repeat(20_000);
for (let i = 0; ; i += 1) {
  log.append({ event: 'requested', callId: `c${i}`, tool: 'type', args: { text: padding } });
}
