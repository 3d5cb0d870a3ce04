// `chaperone stdio` spawned by the SDK's StdioClientTransport, bridging to a real server; and its no-server message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import { cliCommand, envWithoutDisplay, REPO_ROOT, runCli } from '../cli/support/cli.js';
import { headlessDrivers, tempDataDir } from '../http/support/harness.js';

function bridgeTransport(dataDir: string, env: Record<string, string> = {}): StdioClientTransport {
  const { command, args } = cliCommand();
  const base = envWithoutDisplay(env);
  const plainEnv = Object.fromEntries(Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return new StdioClientTransport({ command, args: [...args, 'stdio', '--data-dir', dataDir], cwd: REPO_ROOT, env: plainEnv, stderr: 'pipe' });
}

describe('chaperone stdio', () => {
  const data = tempDataDir();
  let server: RunningChaperone;

  before(async () => {
    server = await startChaperone({ port: 0, dataDir: data.dir, policy: 'supervised', drivers: headlessDrivers(), panelDir: data.dir });
  });
  after(async () => {
    await server.close();
    data.remove();
  });

  it('bridges a session both ways: tools, calls, and progress notifications while paused', async () => {
    const client = new Client({ name: 'stdio-test', version: '2.0' });
    const transport = bridgeTransport(data.dir);
    await client.connect(transport);
    const tools = await client.listTools();
    assert.equal(tools.tools.length, 18);
    const waited = await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
    assert.notEqual(waited.isError, true);
    assert.match(JSON.stringify(waited.content), /Waited/);

    const session = server.supervisor.state().sessions.find((s) => s.client === 'stdio-test 2.0');
    assert.ok(session, 'the bridged client is named by its own clientInfo');

    server.supervisor.pause('test');
    const progress: string[] = [];
    const call = client.callTool({ name: 'wait', arguments: { seconds: 0 } }, undefined, {
      onprogress: (p) => {
        progress.push(p.message ?? '');
        server.supervisor.resume('test');
      },
    });
    const result = await call;
    assert.notEqual(result.isError, true);
    assert.ok(progress.length >= 1, 'a progress notification crossed the bridge');
    assert.match(progress[0] ?? '', /paused/);
    await client.close();
    const deadline = Date.now() + 5000;
    while (server.supervisor.state().sessions.find((s) => s.id === session.id)?.connected === true && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.notEqual(server.supervisor.state().sessions.find((s) => s.id === session.id)?.connected, true, 'closing stdin ends the HTTP session');
  });

  it('refuses with a wrong token', async () => {
    const client = new Client({ name: 'stdio-wrong-token', version: '1' });
    const transport = bridgeTransport(data.dir, { CHAPERONE_TOKEN: 'not-the-token' });
    await assert.rejects(client.connect(transport), /refused the token/);
    await client.close();
  });

  it('says no server is running, and how to start one, with exit 1', async () => {
    const empty = tempDataDir();
    const result = await runCli(['stdio', '--data-dir', empty.dir], envWithoutDisplay());
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /No Chaperone server is running/);
    assert.match(result.stderr, /npm start/);
    assert.match(result.stderr, /npx chaperone serve/);
    empty.remove();
  });
});
