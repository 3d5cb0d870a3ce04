// `chaperone serve` as a real child process: ready line, token file, server.json, SIGTERM, remote refusal, no display.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDataDir } from '../http/support/harness.js';
import { connectClient } from '../support/mcpClient.js';
import { envWithoutDisplay, runCli, startServe } from './support/cli.js';

const READY = /^chaperone ready \{"mcp":"http:\/\/127\.0\.0\.1:(\d+)\/mcp","panel":"http:\/\/127\.0\.0\.1:\1\/","pid":(\d+)\}$/;

describe('chaperone serve', () => {
  it('prints one ready line, keeps a 0600 token, writes server.json, and exits 0 on SIGTERM', async () => {
    const data = tempDataDir();
    const env = envWithoutDisplay();
    const first = await startServe(['--port', '0', '--data-dir', data.dir], env);
    assert.match(first.readyLine, READY);
    assert.equal(first.ready.pid, first.child.pid);
    const tokenFile = join(data.dir, 'token');
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const info = JSON.parse(readFileSync(join(data.dir, 'server.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(info, { url: first.ready.mcp, pid: first.child.pid, port: Number(new URL(first.ready.mcp).port) });
    assert.equal(statSync(join(data.dir, 'server.json')).mode & 0o777, 0o600);
    assert.doesNotMatch(readFileSync(join(data.dir, 'server.json'), 'utf8'), new RegExp(token));
    assert.doesNotMatch(first.stderr(), new RegExp(token), 'the token is never logged');

    const authorized = await fetch(`${first.ready.panel}api/state`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(authorized.status, 200);
    first.child.kill('SIGTERM');
    assert.deepEqual(await first.exited, { code: 0, signal: null });
    assert.equal(existsSync(join(data.dir, 'server.json')), false);

    const second = await startServe(['--port', '0', '--data-dir', data.dir], env);
    assert.equal(readFileSync(tokenFile, 'utf8').trim(), token, 'the token is reused');
    const again = await fetch(`${second.ready.panel}api/state`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(again.status, 200);
    second.child.kill('SIGINT');
    assert.deepEqual(await second.exited, { code: 0, signal: null });
    data.remove();
  });

  it('takes the token from --token, then CHAPERONE_TOKEN, without writing it', async () => {
    const data = tempDataDir();
    const fromEnv = await startServe(['--port', '0', '--data-dir', data.dir], envWithoutDisplay({ CHAPERONE_TOKEN: 'env-token-123' }));
    assert.equal((await fetch(`${fromEnv.ready.panel}api/state`, { headers: { Authorization: 'Bearer env-token-123' } })).status, 200);
    fromEnv.child.kill('SIGTERM');
    await fromEnv.exited;
    const fromOption = await startServe(['--port', '0', '--data-dir', data.dir, '--token', 'option-token-456'], envWithoutDisplay({ CHAPERONE_TOKEN: 'env-token-123' }));
    assert.equal((await fetch(`${fromOption.ready.panel}api/state`, { headers: { Authorization: 'Bearer option-token-456' } })).status, 200);
    assert.equal((await fetch(`${fromOption.ready.panel}api/state`, { headers: { Authorization: 'Bearer env-token-123' } })).status, 401);
    fromOption.child.kill('SIGTERM');
    await fromOption.exited;
    assert.equal(existsSync(join(data.dir, 'token')), false);
    data.remove();
  });

  it('serves without a display: desktop tools name the cause and the server stays up', async () => {
    const data = tempDataDir();
    const server = await startServe(['--port', '0', '--data-dir', data.dir, '--policy', 'autonomous'], envWithoutDisplay());
    const health = await fetch(new URL('/healthz', server.ready.mcp));
    assert.equal(await health.text(), '{"ok":true}');
    const token = readFileSync(join(data.dir, 'token'), 'utf8').trim();
    const { client, transport } = await connectClient(server.ready.mcp, token, 'no-display-test');
    const shot = await client.callTool({ name: 'screenshot', arguments: {} });
    assert.equal(shot.isError, true);
    assert.match(JSON.stringify(shot.content), /DISPLAY/);
    const waited = await client.callTool({ name: 'wait', arguments: { seconds: 0 } });
    assert.notEqual(waited.isError, true);
    assert.equal(server.child.exitCode, null, 'still running');
    assert.equal((await fetch(new URL('/healthz', server.ready.mcp))).status, 200);
    await transport.terminateSession();
    await client.close();
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0);
    assert.match(server.stderr(), /Desktop tools are unavailable: .*DISPLAY/);
    data.remove();
  });

  it('refuses a non-loopback host without --allow-remote (exit 2) and warns with it', async () => {
    const data = tempDataDir();
    const refused = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', data.dir], envWithoutDisplay());
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Refusing to listen on 0\.0\.0\.0.*--allow-remote/);
    assert.equal(refused.stdout, '');
    const remote = await startServe(['--host', '0.0.0.0', '--port', '0', '--data-dir', data.dir, '--allow-remote'], envWithoutDisplay());
    assert.match(remote.readyLine, READY);
    remote.child.kill('SIGTERM');
    await remote.exited;
    assert.match(remote.stderr(), /Warning: listening on 0\.0\.0\.0/);
    data.remove();
  });

  it('rejects bad option values with a plain message', async () => {
    const badPort = await runCli(['serve', '--port', 'eighty']);
    assert.notEqual(badPort.code, 0);
    assert.match(badPort.stderr, /port number from 0 to 65535/);
    const badPolicy = await runCli(['serve', '--policy', 'reckless']);
    assert.notEqual(badPolicy.code, 0);
    assert.match(badPolicy.stderr, /cautious, supervised, autonomous/);
    const data = tempDataDir();
    const badToken = await runCli(['serve', '--port', '0', '--data-dir', data.dir, '--token', 'has space'], envWithoutDisplay());
    assert.equal(badToken.code, 1);
    assert.match(badToken.stderr, /Chaperone could not start: The token from the --token option contains spaces/);
    assert.equal(badToken.stdout, '');
    data.remove();
  });

  it('answers --help and --version for every command', async () => {
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const commands = [[], ['serve'], ['stdio'], ['audit'], ['audit', 'verify'], ['client-config']];
    await Promise.all(
      commands.map(async (command) => {
        const help = await runCli([...command, '--help']);
        assert.equal(help.code, 0, command.join(' '));
        assert.match(help.stdout, /Usage: chaperone/);
        const shown = await runCli([...command, '--version']);
        assert.equal(shown.code, 0, command.join(' '));
        assert.equal(shown.stdout.trim(), version);
      }),
    );
  });
});
