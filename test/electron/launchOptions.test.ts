// The desktop app reads the same server options as `chaperone serve`, among Electron's own switches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultDataDir } from '../../src/main/dataDir.js';
import { launchOptions } from '../../src/main/electron/launchOptions.js';
import { DEFAULT_PORT } from '../../src/main/http/server.js';

const electronBinary = '/opt/Chaperone/chaperone';

test('without options the desktop app uses the default port and data folder', () => {
  assert.deepEqual(launchOptions([electronBinary]), { port: DEFAULT_PORT, dataDir: defaultDataDir() });
});

test('serve options are honoured next to Electron switches and the app folder', () => {
  const argv = [electronBinary, '/app', '--no-sandbox', '--port', '9001', '--data-dir=/srv/chaperone', '--policy', 'cautious', '--token', 'tok', '--hidden'];
  assert.deepEqual(launchOptions(argv), { port: 9001, dataDir: '/srv/chaperone', policy: 'cautious', token: 'tok' });
});

test('a bad port or preset is refused with a sentence that says which', () => {
  assert.throws(() => launchOptions([electronBinary, '--port', '70000']), /--port 70000 is not a port number from 0 to 65535/);
  assert.throws(() => launchOptions([electronBinary, '--policy', 'yolo']), /--policy yolo is not a preset; use cautious, supervised, autonomous/);
});
