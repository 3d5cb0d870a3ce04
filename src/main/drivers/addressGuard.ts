// Says whether an IP address is internal (loopback, private, link-local…), so fetch_page cannot be aimed at this machine or its network.
import { isIPv4, isIPv6 } from 'node:net';

function ipv4Reason(octets: number[]): string | null {
  const [a = 0, b = 0, c = 0] = octets;
  if (a === 0) return 'an unspecified ("this network") address';
  if (a === 127) return 'a loopback address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
  if (a === 100 && b >= 64 && b <= 127) return 'a carrier-grade NAT (shared) address';
  if (a === 169 && b === 254) return 'a link-local address (the range of cloud metadata services such as 169.254.169.254)';
  if (a >= 224 && a <= 239) return 'a multicast address';
  if (a >= 240) return 'a reserved or broadcast address';
  if ((a === 192 && b === 0 && c === 0) || (a === 198 && (b === 18 || b === 19))) return 'a reserved address';
  return null;
}

function parseIPv4(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (zone id dropped, embedded dotted IPv4 allowed). */
function parseIPv6(address: string): number[] {
  let text = address.split('%')[0] as string;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string): number[] => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function ipv6Reason(bytes: number[]): string | null {
  const zeroUntil = (n: number): boolean => bytes.slice(0, n).every((b) => b === 0);
  const embedded = (from: number): string | null => ipv4Reason(bytes.slice(from, from + 4));
  if (zeroUntil(16)) return 'the unspecified address';
  if (zeroUntil(15) && bytes[15] === 1) return 'a loopback address';
  if (zeroUntil(10) && bytes[10] === 0xff && bytes[11] === 0xff) return embedded(12);
  if (zeroUntil(12)) return embedded(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && bytes.slice(4, 12).every((b) => b === 0)) return embedded(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return embedded(2);
  const first = bytes[0] ?? 0;
  const second = bytes[1] ?? 0;
  if ((first & 0xfe) === 0xfc) return 'a private (unique local) address';
  if (first === 0xfe && (second & 0xc0) === 0x80) return 'a link-local address';
  if (first === 0xfe && (second & 0xc0) === 0xc0) return 'a private (site-local) address';
  if (first === 0xff) return 'a multicast address';
  return null;
}

/** Why `address` must not be fetched (e.g. "a loopback address"), or null for a public address. */
export function blockedAddressReason(address: string): string | null {
  if (isIPv4(address)) return ipv4Reason(parseIPv4(address));
  if (isIPv6(address.split('%')[0] ?? '')) return ipv6Reason(parseIPv6(address));
  return 'not an IP address';
}
