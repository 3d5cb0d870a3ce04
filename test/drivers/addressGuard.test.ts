import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedAddressReason } from '../../src/main/drivers/addressGuard.js';

const blocked: Array<[string, RegExp]> = [
  ['127.0.0.1', /loopback/],
  ['127.255.0.9', /loopback/],
  ['10.1.2.3', /private/],
  ['172.16.0.1', /private/],
  ['172.31.255.255', /private/],
  ['192.168.1.1', /private/],
  ['100.64.0.1', /carrier-grade NAT/],
  ['100.127.255.255', /carrier-grade NAT/],
  ['169.254.169.254', /link-local.*metadata/],
  ['0.0.0.0', /unspecified/],
  ['224.0.0.251', /multicast/],
  ['255.255.255.255', /broadcast/],
  ['::', /unspecified/],
  ['::1', /loopback/],
  ['0:0:0:0:0:0:0:1', /loopback/],
  ['fc00::1', /private/],
  ['fd12:3456::1', /private/],
  ['fe80::1', /link-local/],
  ['fe80::1%eth0', /link-local/],
  ['febf::1', /link-local/],
  ['ff02::1', /multicast/],
  ['fec0::1', /site-local/],
  ['::ffff:127.0.0.1', /loopback/],
  ['::ffff:7f00:1', /loopback/],
  ['::ffff:10.0.0.1', /private/],
  ['::ffff:169.254.169.254', /link-local/],
  ['::127.0.0.1', /loopback/],
  ['64:ff9b::192.168.0.1', /private/],
  ['2002:c0a8:0101::1', /private/],
];

const allowed = ['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '192.169.0.1', '169.255.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:0808:0808::1', '2001:db9::1'];

test('internal addresses are blocked with the reason named', () => {
  for (const [address, reason] of blocked) {
    assert.match(blockedAddressReason(address) ?? 'allowed', reason, address);
  }
});

test('public addresses pass, including neighbours of the blocked ranges', () => {
  for (const address of allowed) assert.equal(blockedAddressReason(address), null, address);
});

test('something that is not an IP address is blocked', () => {
  assert.equal(blockedAddressReason('example.com'), 'not an IP address');
});
