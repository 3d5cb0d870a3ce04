// Chaperone's own HTTP/MCP stack, either with the real supervisor (audit log on) or with the supervisor bypassed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnWindows } from '../src/main/core/ownWindows.js';
import { createSupervisor } from '../src/main/core/supervisor.js';
import type { CallContext, Supervisor } from '../src/main/core/types.js';
import { createDrivers } from '../src/main/drivers/drivers.js';
import { startHttpServer } from '../src/main/http/httpServer.js';
import { createSessionServer } from '../src/main/mcp/sessionServer.js';

const mode = process.argv[2] === 'bypassed' ? 'bypassed' : 'supervised';
const token = 'bench-token';
const dataDir = mkdtempSync(join(tmpdir(), `chaperone-bench-${mode}-`));
writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ preset: 'autonomous', rateLimitPerMinute: 100_000 }));
const drivers = createDrivers({ secrets: [token], hiddenEnv: ['CHAPERONE_TOKEN'], fetchAllowHosts: () => [] });
const real = await createSupervisor({ dataDir, pointer: drivers.pointer, keyboard: drivers.keyboard, preset: 'autonomous', log: () => undefined });

// The bypass runs the action straight away: no feed, no policy, no audit, no token meter.
const bypass: Supervisor = Object.assign(Object.create(real) as Supervisor, {
  call: (request: Parameters<Supervisor['call']>[0], action: Parameters<Supervisor['call']>[1]) => {
    const controller = new AbortController();
    const ctx: CallContext = {
      signal: controller.signal,
      gate: async () => undefined,
      callId: 'bench',
      sessionId: request.sessionId,
      askPerson: async () => ({ kind: 'answered', answer: '' }),
      usage: () => real.usage(request.sessionId),
    };
    return action.run(ctx);
  },
});
const supervisor = mode === 'bypassed' ? bypass : real;
const ownWindows = new OwnWindows(process.pid);

const http = await startHttpServer({
  host: '127.0.0.1',
  port: 0,
  token,
  supervisor,
  ownWindows,
  createSessionServer: () => createSessionServer({ supervisor, drivers, ownWindows, version: 'bench' }),
  panelDir: join(dataDir, 'no-panel'),
  clientConfig: () => '',
  log: () => undefined,
});
process.stdout.write(`${mode} ready ${http.port}\n`);
