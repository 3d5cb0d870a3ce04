// The MCP layer through the SDK's own client over HTTP: tool listing, coordinate mapping, input errors, result formatting.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import sharp from 'sharp';
import { startChaperone, type RunningChaperone } from '../../src/main/http/server.js';
import { TOOL_DEFINITIONS } from '../../src/main/mcp/tools/registry.js';
import { screenSpaceFor, toScreen } from '../../src/shared/screenSpace.js';
import { fakeDesktop, type FakeDesktop } from './fakeDesktop.js';
import { connectClient } from '../support/mcpClient.js';

const CONTRACT_RISK: Record<string, string> = {
  screenshot: 'read-only',
  desktop_state: 'read-only',
  move: 'low',
  click: 'high',
  drag: 'high',
  scroll: 'low',
  type: 'high',
  key: 'high',
  wait: 'none',
  app: 'medium',
  shell: 'critical',
  clipboard: 'medium',
  fetch_page: 'read-only',
  ask_human: 'none',
  context_usage: 'read-only',
  find: 'read-only',
  wait_for: 'read-only',
  displays: 'read-only',
};

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

describe('MCP session server', () => {
  let desk: FakeDesktop;
  let client: Client;
  let chaperone: RunningChaperone;
  let dataDir: string;

  async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return (await client.callTool({ name, arguments: args })) as CallToolResult;
  }

  before(async () => {
    desk = fakeDesktop(2560, 1440);
    dataDir = mkdtempSync(join(tmpdir(), 'chaperone-mcp-'));
    chaperone = await startChaperone({ port: 0, dataDir, policy: 'autonomous', drivers: desk.drivers, token: 'mcp-test-token' });
    ({ client } = await connectClient(chaperone.mcpUrl, chaperone.token, 'mcp-test'));
  });
  after(async () => {
    await client.close();
    await chaperone.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    desk.calls.length = 0;
    desk.screen = { width: 2560, height: 1440 };
  });

  test('lists all 18 tools with titles, the four annotations and bounded schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(CONTRACT_RISK).sort());
    for (const tool of tools) {
      assert.ok(tool.title && tool.title.length > 2, `${tool.name} has a title`);
      assert.ok((tool.description ?? '').length > 60, `${tool.name} has a description for the model`);
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        assert.equal(typeof tool.annotations?.[hint], 'boolean', `${tool.name}.${hint}`);
      }
      assert.equal(tool.inputSchema.type, 'object');
    }
    const byName = new Map(tools.map((t) => [t.name, t]));
    const props = (name: string) => byName.get(name)?.inputSchema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual([props('click').clicks?.minimum, props('click').clicks?.maximum], [1, 3]);
    assert.deepEqual([props('wait').seconds?.minimum, props('wait').seconds?.maximum], [0, 60]);
    assert.deepEqual([props('shell').timeout_s?.minimum, props('shell').timeout_s?.maximum, props('shell').timeout_s?.default], [1, 600, 30]);
    assert.deepEqual([props('scroll').amount?.minimum, props('scroll').amount?.maximum], [1, 50]);
    assert.deepEqual(byName.get('drag')?.inputSchema.required?.sort(), ['from', 'to']);
    assert.equal(byName.get('fetch_page')?.annotations?.openWorldHint, true);
    assert.equal(byName.get('screenshot')?.annotations?.readOnlyHint, true);
    assert.equal(byName.get('shell')?.annotations?.destructiveHint, true);
    for (const def of TOOL_DEFINITIONS) assert.equal(def.risk, CONTRACT_RISK[def.name], `risk of ${def.name}`);
  });

  test('screenshot states screen size, image size and scale, and the image has that size', async () => {
    const result = await call('screenshot');
    assert.equal(result.isError, undefined);
    assert.equal(text(result).split('\n')[1], 'Screen 2560x1440, image 1429x804, scale 0.558 (coordinates you give are in image pixels)');
    const image = result.content.find((c) => c.type === 'image');
    assert.ok(image && image.type === 'image');
    const meta = await sharp(Buffer.from(image.data, 'base64')).metadata();
    assert.deepEqual([meta.width, meta.height], [1429, 804]);
  });

  test('a region is captured at full resolution from the mapped screen rectangle', async () => {
    const result = await call('screenshot', { region: { x: 100, y: 50, width: 200, height: 100 } });
    assert.equal(result.isError, undefined, text(result));
    const [, rect] = desk.calls.find((c) => c[0] === 'capture') ?? [];
    assert.deepEqual(rect, { x: 179, y: 89, width: 359, height: 180 });
    assert.match(text(result), /screen pixels \(179, 89\) 359x180, captured at full resolution; image 359x180, scale 1\.000/);
    const outside = await call('screenshot', { region: { x: 1400, y: 0, width: 100, height: 10 } });
    assert.equal(outside.isError, true);
    assert.match(text(outside), /does not fit inside the 1429x804 screenshot/);
  });

  test('click maps screenshot coordinates to the screen pixel the image shows', async () => {
    const result = await call('click', { x: 700, y: 400, clicks: 2 });
    assert.equal(result.isError, undefined, text(result));
    assert.equal(text(result), 'Clicked the left button twice at (700, 400).');
    const expected = toScreen(screenSpaceFor(2560, 1440), 700, 400);
    assert.deepEqual(desk.calls.find((c) => c[0] === 'click'), ['click', expected, 'left', 2]);
    assert.deepEqual(expected, { x: 1254, y: 717 });
  });

  test('out-of-range coordinates are refused with the valid range and reach no driver', async () => {
    const result = await call('click', { x: 1429, y: 10 });
    assert.equal(result.isError, true);
    assert.equal(text(result), 'The point (1429, 10) is outside the screenshot: x must be 0 to 1428 and y 0 to 803 (the screenshot is 1429x804).');
    const drag = await call('drag', { from: { x: 1, y: 1 }, to: { x: 5, y: 900 } });
    assert.match(text(drag), /^The end point \(5, 900\) is outside the screenshot/);
    const negative = await call('move', { x: -5, y: 3 });
    assert.equal(text(negative), 'The point (-5, 3) is outside the screenshot: x must be 0 to 1428 and y 0 to 803 (the screenshot is 1429x804).');
    assert.equal(desk.calls.some((c) => c[0] === 'click' || c[0] === 'drag'), false);
  });

  test('an unknown key name is an error listing the valid names, and the server keeps serving', async () => {
    const bad = await call('key', { keys: 'ctrl+flurb' });
    assert.equal(bad.isError, true);
    assert.match(text(bad), /Unknown key name "flurb"\. Valid names: .*ctrl.*pagedown/);
    assert.equal(desk.calls.length, 0);
    const good = await call('key', { keys: 'Ctrl+Shift+T' });
    assert.equal(good.isError, undefined);
    assert.deepEqual(desk.calls, [['chord', ['ctrl', 'shift', 't']]]);
  });

  test('app launch without a name is refused; list, launch, focus and close reach the window driver', async () => {
    const missing = await call('app', { action: 'launch' });
    assert.equal(missing.isError, true);
    assert.match(text(missing), /needs a name for "launch"/);
    assert.match(text(await call('app', { action: 'list' })), /1 open window:\n- "Terminal" \(app xterm, pid 42\) \(focused\)/);
    assert.match(text(await call('app', { action: 'launch', name: 'xterm' })), /Launched "xterm" \(pid 43\)/);
    await call('app', { action: 'focus', name: 'term' });
    await call('app', { action: 'close', name: 'term' });
    assert.deepEqual(desk.calls, [['launch', 'xterm'], ['focus', 'term'], ['close', 'term']]);
  });

  test('schema bounds answer with an error naming the limit', async () => {
    const wait = await call('wait', { seconds: 61 });
    assert.equal(wait.isError, true);
    assert.match(text(wait), /seconds can be at most 60/);
    const clicks = await call('click', { x: 1, y: 1, clicks: 4 });
    assert.equal(clicks.isError, true);
    assert.match(text(clicks), /clicks/);
    const scroll = await call('scroll', { x: 3, direction: 'down' });
    assert.match(text(scroll), /Give both x and y/);
  });

  test('type clicks, clears, types and presses Enter in that order', async () => {
    const result = await call('type', { text: 'héllo\n', x: 10, y: 20, clear: true, enter: true });
    assert.equal(result.isError, undefined, text(result));
    // The feed's thumbnail capture may land at any moment after the call; it is no part of the order.
    assert.deepEqual(desk.calls.filter((c) => c[0] !== 'capture'), [
      ['click', toScreen(screenSpaceFor(2560, 1440), 10, 20), 'left', 1],
      ['chord', [process.platform === 'darwin' ? 'super' : 'ctrl', 'a']],
      ['chord', ['backspace']],
      ['type', 'héllo\n'],
      ['chord', ['enter']],
    ]);
  });

  test('shell: a non-zero exit is a normal result; a timeout is an error; cut output keeps a marker', async () => {
    desk.shellResult = { exitCode: 3, signal: null, stdout: 'out', stderr: 'bad thing', stdoutTruncated: true, stderrTruncated: false, timedOut: false, durationMs: 20 };
    const failed = await call('shell', { command: 'false', cwd: '/tmp' });
    assert.equal(failed.isError, undefined);
    assert.match(text(failed), /^Exit code 3\. \(0\.02 s\)\n--- stdout ---\nout\n\[\.\.\. stdout cut here/);
    assert.match(text(failed), /--- stderr ---\nbad thing$/);
    assert.deepEqual(desk.calls.find((c) => c[0] === 'shell'), ['shell', { command: 'false', cwd: '/tmp', timeoutMs: 30_000, maxBytes: 16_000 }]);
    desk.shellResult = { ...desk.shellResult, exitCode: null, signal: 'SIGKILL', timedOut: true };
    const slow = await call('shell', { command: 'sleep 100', timeout_s: 2 });
    assert.equal(slow.isError, true);
    assert.match(text(slow), /^Timed out after 2 s/);
  });

  test('clipboard, fetch_page and context_usage format their results', async () => {
    assert.match(text(await call('clipboard', { action: 'set' })), /needs text for "set"/);
    await call('clipboard', { action: 'set', text: 'Ωmega' });
    assert.equal(text(await call('clipboard', { action: 'get' })), 'Ωmega');
    assert.match(text(await call('fetch_page', { url: 'file:///etc/passwd' })), /only reads http and https/);
    assert.match(text(await call('fetch_page', { url: 'https://example.com' })), /^URL: https:\/\/example\.com#final\nTitle: Example\n/);
    assert.match(text(await call('context_usage')), /^This session's tool results have used \d+ of 200000 tokens \(\d+\.\d%\)\.\n(\d+ of these tokens are estimates[^\n]*\n)?Per tool:\n- \w+: \d+ calls?, \d+ tokens/);
  });

  test('desktop_state reports cursor, windows and bounds in screenshot space', async () => {
    const result = await call('desktop_state', { screenshot: false });
    assert.equal(result.content.length, 1);
    assert.equal(
      text(result),
      [
        'Screen 2560x1440, image 1429x804, scale 0.558 (all positions below are in image pixels)',
        'Cursor: (714, 402)',
        'Focused window: "Terminal" app=xterm pid=42 bounds (56, 112) 447x335 (focused)',
        'Open windows (1):',
        '- "Terminal" app=xterm pid=42 bounds (56, 112) 447x335 (focused)',
        'Elements: none listed (the accessibility tree shows no interactive element here).',
      ].join('\n'),
    );
  });

  test('after the screen changes size, old coordinates are refused until a new screenshot', async () => {
    await call('screenshot');
    desk.screen = { width: 1280, height: 800 };
    const stale = await call('click', { x: 10, y: 10 });
    assert.equal(stale.isError, true);
    assert.match(text(stale), /changed size from 2560x1440 to 1280x800 since your last screenshot/);
    assert.equal(desk.calls.some((c) => c[0] === 'click'), false);
    assert.equal((await call('click', { x: 10, y: 10 })).isError, undefined);
  });

  test('the feed names the client and the session of each call', async () => {
    await call('wait', { seconds: 0 });
    const last = chaperone.supervisor.feed().at(-1);
    assert.equal(last?.client, 'mcp-test 1.0');
    assert.equal(last?.tool, 'wait');
    assert.equal(last?.status, 'done');
    assert.deepEqual(chaperone.supervisor.state().sessions.map((s) => s.id), [last?.sessionId]);
  });
});
