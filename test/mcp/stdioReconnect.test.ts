// `chaperone stdio` outlives the server: a restarted `serve` gets a new session, and every failure is a tool result with a sentence.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { startChaperone } from '../../src/main/http/server.js';
import { runStdioBridge } from '../../src/main/mcp/stdioBridge.js';
import { cliCommand, envWithoutDisplay, REPO_ROOT, startServe, type ServeProcess } from '../cli/support/cli.js';
import { headlessDrivers, tempDataDir } from '../http/support/harness.js';

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return JSON.stringify(result.content);
}

async function stopServe(serve: ServeProcess, signal: NodeJS.Signals): Promise<void> {
  serve.child.kill(signal);
  await serve.exited;
}

describe('chaperone stdio reconnects', () => {
  it('keeps working across a restart of serve on the same data dir (another port), and while one is starting', { timeout: 60_000 }, async () => {
    const data = tempDataDir();
    const env = envWithoutDisplay();
    let serve = await startServe(['--port', '0', '--data-dir', data.dir, '--policy', 'autonomous'], env);
    const { command, args } = cliCommand();
    const plainEnv = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const client = new Client({ name: 'stdio-reconnect', version: '1' });
    await client.connect(new StdioClientTransport({ command, args: [...args, 'stdio', '--data-dir', data.dir], cwd: REPO_ROOT, env: plainEnv, stderr: 'pipe' }));
    try {
      assert.notEqual((await client.callTool({ name: 'wait', arguments: { seconds: 0 } })).isError, true);

      await stopServe(serve, 'SIGKILL');
      serve = await startServe(['--port', '0', '--data-dir', data.dir, '--policy', 'autonomous'], env);
      const afterRestart = await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
      assert.notEqual(afterRestart.isError, true, textOf(afterRestart));
      assert.match(textOf(afterRestart), /Waited/);

      // A call made while no server runs waits for the next one to start.
      await stopServe(serve, 'SIGTERM');
      const pending = client.callTool({ name: 'wait', arguments: { seconds: 0 } });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      serve = await startServe(['--port', '0', '--data-dir', data.dir, '--policy', 'autonomous'], env);
      const whileStarting = await pending;
      assert.notEqual(whileStarting.isError, true, textOf(whileStarting));
      assert.ok(serve.ready.pid > 0);
    } finally {
      await client.close();
      await stopServe(serve, 'SIGTERM');
      data.remove();
    }
  });

  it('answers a call with an isError sentence when no server comes back in time, never a JSON-RPC error', async () => {
    const data = tempDataDir();
    const server = await startChaperone({ port: 0, dataDir: data.dir, policy: 'autonomous', drivers: headlessDrivers(), panelDir: data.dir });
    const target = { mcpUrl: server.mcpUrl, token: server.token };
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const logged: string[] = [];
    const bridge = runStdioBridge({ target: () => target, reconnectWaitMs: 800, stdin, stdout, log: (line) => logged.push(line) });
    const answers = new Map<number, JSONRPCMessage>();
    const buffer = new ReadBuffer();
    stdout.on('data', (chunk: Buffer) => {
      buffer.append(chunk);
      for (let message = buffer.readMessage(); message !== null; message = buffer.readMessage()) {
        if ('id' in message && typeof message.id === 'number') answers.set(message.id, message);
      }
    });
    const send = (message: JSONRPCMessage): boolean => stdin.write(serializeMessage(message));
    const answer = async (id: number): Promise<JSONRPCMessage> => {
      const deadline = Date.now() + 10_000;
      while (!answers.has(id)) {
        if (Date.now() > deadline) throw new Error(`No answer to request ${id}. Log: ${logged.join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return answers.get(id) as JSONRPCMessage;
    };
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await answer(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await server.close();
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'wait', arguments: { seconds: 0 } } });
    const failed = await answer(2);
    assert.ok('result' in failed, `a result, not an error: ${JSON.stringify(failed)}`);
    const result = failed.result as { isError?: boolean; content: { text: string }[] };
    assert.equal(result.isError, true);
    assert.match(result.content[0]?.text ?? '', /^No Chaperone server answered at http:\/\/127\.0\.0\.1:\d+\/mcp for 1 s\. Start it/);
    stdin.end();
    await bridge;
    data.remove();
  });
});
