import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createPageFetcher } from '../../src/main/drivers/pageFetcher.js';
import { testControl as control } from './support/desktop.js';

const PAGE = `<!doctype html><html><head><title>Fruit &amp; Veg</title><style>h1 { color: red }</style><script>window.secret = 1</script></head>
<body><nav><a href="/nav-only">Navigation link</a></nav>
<h1>Fruit list</h1><p>See the <a href="/details?id=7">details page</a> or <a href="https://example.org/x">elsewhere</a>.</p>
<h2>Favourites</h2><ul><li>Apple</li><li>Pear</li></ul><ol><li>Step one</li><li>Step two</li></ol></body></html>`;

let server: Server;
let port = 0;
const hits: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/page':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
        return;
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('plain ✓ text\n');
        return;
      case '/json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":[1,2]}');
        return;
      case '/latin1':
        res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' }).end(Buffer.from('café', 'latin1'));
        return;
      case '/image':
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(100));
        return;
      case '/redirect':
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/page' }).end();
        return;
      case '/loop':
        res.writeHead(301, { location: '/loop' }).end();
        return;
      case '/big':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(3 * 1024 * 1024));
        return;
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part');
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allowLoopback = createPageFetcher({ allowHosts: () => ['127.0.0.1'] });

test('loopback is refused by default, with the rule and the setting named, and nothing is sent', async () => {
  const fetcher = createPageFetcher({ allowHosts: () => [] });
  const before = hits.length;
  await assert.rejects(fetcher.fetch(`http://127.0.0.1:${port}/page`, control()), (error: Error) => {
    assert.match(error.message, /"127\.0\.0\.1" is a loopback address/);
    assert.match(error.message, /does not reach loopback, private, link-local or other internal addresses/);
    assert.match(error.message, /add "127\.0\.0\.1" to the fetch allow-list \(the fetchAllowHosts setting\)/);
    return true;
  });
  await assert.rejects(fetcher.fetch(`http://localhost:${port}/page`, control()), /"localhost" resolves to .*, a loopback address/);
  assert.equal(hits.length, before);
});

test('other internal addresses are refused without connecting', async () => {
  const fetcher = createPageFetcher({ allowHosts: () => [] });
  const cases: Array<[string, RegExp]> = [
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://10.255.255.1/', /private/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[::1]/', /loopback/],
    ['http://0.0.0.0/', /unspecified/],
    ['http://2130706433/', /"127\.0\.0\.1" is a loopback/],
  ];
  for (const [url, reason] of cases) {
    const started = Date.now();
    await assert.rejects(fetcher.fetch(url, control()), reason, url);
    assert.ok(Date.now() - started < 1000, url);
  }
});

test('a host on the allow-list is fetched, by IP or by name', async () => {
  const page = await allowLoopback.fetch(`http://127.0.0.1:${port}/text`, control());
  assert.equal(page.markdown, 'plain ✓ text\n');
  assert.equal(page.status, 200);
  assert.equal(page.contentType, 'text/plain');
  assert.equal(page.truncated, false);
  const byName = await createPageFetcher({ allowHosts: () => ['LOCALHOST'] }).fetch(`http://localhost:${port}/json`, control());
  assert.equal(byName.markdown, '{"a":[1,2]}');
  assert.equal(byName.contentType, 'application/json');
});

test('HTML becomes markdown: title heading, headings, absolute links, lists; scripts, styles and nav dropped', async () => {
  const page = await allowLoopback.fetch(`http://127.0.0.1:${port}/page`, control());
  assert.equal(page.title, 'Fruit & Veg');
  assert.equal(
    page.markdown,
    [
      '# Fruit & Veg',
      '',
      '# Fruit list',
      '',
      `See the [details page](http://127.0.0.1:${port}/details?id=7) or [elsewhere](https://example.org/x).`,
      '',
      '## Favourites',
      '',
      '-   Apple',
      '-   Pear',
      '',
      '1.  Step one',
      '2.  Step two',
    ].join('\n'),
  );
});

test('a declared charset is honoured', async () => {
  assert.equal((await allowLoopback.fetch(`http://127.0.0.1:${port}/latin1`, control())).markdown, 'café');
});

test('redirects are followed, and each hop is checked again', async () => {
  const followed = await allowLoopback.fetch(`http://127.0.0.1:${port}/redirect?to=/text`, control());
  assert.equal(followed.url, `http://127.0.0.1:${port}/text`);
  assert.equal(followed.markdown, 'plain ✓ text\n');

  const onlyLocalhost = createPageFetcher({ allowHosts: () => ['localhost'] });
  const before = hits.length;
  await assert.rejects(
    onlyLocalhost.fetch(`http://localhost:${port}/redirect?to=${encodeURIComponent(`http://127.0.0.1:${port}/page`)}`, control()),
    /Refused to follow the redirect from http:\/\/localhost:\d+\/redirect.* to http:\/\/127\.0\.0\.1:\d+\/page: "127\.0\.0\.1" is a loopback address/,
  );
  assert.deepEqual(hits.slice(before).map((h) => h.split('?')[0]), ['/redirect'], 'the private target was never requested');
  await assert.rejects(allowLoopback.fetch(`http://127.0.0.1:${port}/redirect?to=${encodeURIComponent('ftp://example.com/')}`, control()), /only http and https/);
  await assert.rejects(allowLoopback.fetch(`http://127.0.0.1:${port}/loop`, control()), /redirected more than 5 times/);
});

test('the size cap stops reading and marks the page truncated', async () => {
  const small = createPageFetcher({ allowHosts: () => ['127.0.0.1'], maxBytes: 1000 });
  const page = await small.fetch(`http://127.0.0.1:${port}/big`, control());
  assert.equal(page.truncated, true);
  assert.equal(page.markdown, 'x'.repeat(1000));
});

test('the time limit aborts a page that does not finish', async () => {
  const quick = createPageFetcher({ allowHosts: () => ['127.0.0.1'], timeoutMs: 300 });
  const started = Date.now();
  await assert.rejects(quick.fetch(`http://127.0.0.1:${port}/slow`, control()), /did not finish loading within 0\.3 s/);
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
});

test('aborting the control cancels the fetch at once', async () => {
  const ctl = control();
  const started = Date.now();
  const pending = allowLoopback.fetch(`http://127.0.0.1:${port}/slow`, ctl);
  setTimeout(() => ctl.abort(), 100);
  await assert.rejects(pending, { name: 'AbortError' });
  assert.ok(Date.now() - started < 600);
});

test('unsupported types, schemes and addresses get plain errors', async () => {
  await assert.rejects(allowLoopback.fetch(`http://127.0.0.1:${port}/image`, control()), /is of type image\/png, which fetch_page cannot read/);
  await assert.rejects(allowLoopback.fetch('ftp://example.com/file', control()), /only http and https addresses can be fetched, not ftp/);
  await assert.rejects(allowLoopback.fetch('file:///etc/passwd', control()), /not file/);
  await assert.rejects(allowLoopback.fetch('not a url', control()), /"not a url" is not a web address/);
  await assert.rejects(allowLoopback.fetch('http://no-such-host.invalid/', control()), /the host "no-such-host\.invalid" was not found/);
  const closedPort = createServer();
  await new Promise<void>((resolve) => closedPort.listen(0, '127.0.0.1', resolve));
  const freePort = (closedPort.address() as AddressInfo).port;
  await new Promise((resolve) => closedPort.close(resolve));
  await assert.rejects(allowLoopback.fetch(`http://127.0.0.1:${freePort}/`, control()), /Could not fetch .*ECONNREFUSED/);
});

test('an error status still returns the page with its status', async () => {
  const page = await allowLoopback.fetch(`http://127.0.0.1:${port}/missing`, control());
  assert.equal(page.status, 404);
  assert.equal(page.markdown, 'not here');
});
