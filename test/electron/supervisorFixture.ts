// A real supervisor on a temporary data dir, and a way to make a call wait for a person.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolOutput } from '../../src/shared/types.js';
import { createSupervisor } from '../../src/main/core/supervisor.js';
import type { Supervisor } from '../../src/main/core/types.js';

export interface SupervisorFixture {
  supervisor: Supervisor;
  dataDir: string;
  close(): Promise<void>;
}

export async function supervisorFixture(): Promise<SupervisorFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chaperone-electron-'));
  const supervisor = await createSupervisor({ dataDir, log: () => undefined });
  return {
    supervisor,
    dataDir,
    close: async () => {
      await supervisor.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a shell call, which the supervised preset holds for approval; resolves once it is pending. */
export async function callAwaitingApproval(supervisor: Supervisor, command = 'echo hello'): Promise<{ id: string; result: Promise<ToolOutput> }> {
  const before = new Set(supervisor.state().pending.map((item) => item.id));
  const result = supervisor.call(
    { sessionId: 'session-1', client: 'test-client', tool: 'shell', args: { command } },
    { risk: 'critical', run: async () => ({ content: [{ type: 'text', text: 'ran' }] }) },
  );
  for (let i = 0; i < 200; i += 1) {
    const added = supervisor.state().pending.find((item) => !before.has(item.id));
    if (added !== undefined) return { id: added.id, result };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('The shell call never waited for approval');
}
