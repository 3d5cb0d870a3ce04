// Fetches a web page for the agent as markdown, refusing internal addresses and pinning the connection to the address it checked.
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { blockedAddressReason } from './addressGuard.js';
import { htmlToMarkdown } from './htmlToMarkdown.js';
import type { ActionControl, FetchedPage, PageFetcher } from './types.js';

export interface PageFetcherOptions {
  /** Host names fetch_page may reach even when they resolve to internal addresses (setting fetchAllowHosts). */
  allowHosts: () => string[];
  maxBytes?: number;
  timeoutMs?: number;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

function checkProtocol(url: URL, context: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${context}: only http and https addresses can be fetched, not ${url.protocol.replace(/:$/, '')}.`);
  }
}

/** The addresses to connect to for `url`, after refusing internal ones unless the host is allowed. */
async function checkedAddresses(url: URL, allowHosts: string[], context: string): Promise<LookupAddress[]> {
  const host = normalizeHost(url.hostname);
  let addresses: LookupAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new Error(`${context}: the host "${host}" was not found (DNS lookup failed). Check the address.`, { cause: error });
    }
  }
  if (allowHosts.map(normalizeHost).includes(host)) return addresses;
  for (const { address } of addresses) {
    const reason = blockedAddressReason(address);
    if (reason) {
      const what = address === host ? `"${host}" is ${reason}` : `"${host}" resolves to ${address}, ${reason}`;
      throw new Error(
        `${context}: ${what}. fetch_page does not reach loopback, private, link-local or other internal addresses, so that pages cannot be used to probe this machine or its network. ` +
          `If this host is meant to be reachable, a person can add "${host}" to the fetch allow-list (the fetchAllowHosts setting) in Chaperone's settings.`,
      );
    }
  }
  return addresses;
}

/** A DNS lookup that answers only with the addresses already checked, so a second lookup cannot rebind the host. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = usable[0];
    if (!first) callback(Object.assign(new Error('no address of the requested family'), { code: 'ENOTFOUND' }), []);
    else if (options.all) callback(null, usable);
    else callback(null, first.address, first.family);
  };
}

function get(url: URL, addresses: LookupAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'GET',
      agent: false,
      lookup: pinnedLookup(addresses),
      signal,
      headers: {
        'user-agent': 'Chaperone fetch_page',
        accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.5',
        'accept-encoding': 'identity',
      },
    });
    request.once('response', resolve);
    request.once('error', reject);
    request.end();
  });
}

type Kind = 'html' | 'text';

function kindOf(mime: string): Kind | null {
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json') || mime === 'application/xml' || mime.endsWith('+xml')) return 'text';
  return null;
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    const room = maxBytes - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      response.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function decode(body: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

export function createPageFetcher(opts: PageFetcherOptions): PageFetcher {
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const timeoutMs = opts.timeoutMs ?? 15_000;

  async function fetchPage(address: string, signal: AbortSignal): Promise<FetchedPage> {
    let url: URL;
    try {
      url = new URL(address.trim());
    } catch {
      throw new Error(`"${address}" is not a web address. Give a full URL such as https://example.com/page.`);
    }
    checkProtocol(url, `Cannot fetch ${address}`);
    let context = `Refused to fetch ${url.href}`;
    for (let redirects = 0; ; redirects++) {
      const addresses = await checkedAddresses(url, opts.allowHosts(), context);
      const response = await get(url, addresses, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        response.resume();
        if (redirects >= MAX_REDIRECTS) throw new Error(`Stopped fetching ${address}: it redirected more than ${MAX_REDIRECTS} times.`);
        const next = new URL(location, url);
        context = `Refused to follow the redirect from ${url.href} to ${next.href}`;
        checkProtocol(next, context);
        url = next;
        continue;
      }
      const [mimePart = '', ...params] = (response.headers['content-type'] ?? '').split(';');
      const mime = mimePart.trim().toLowerCase();
      const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";]+)"?/i.exec(p)?.[1]).find(Boolean);
      const declared = mime ? kindOf(mime) : null;
      if (mime && !declared) {
        response.destroy();
        throw new Error(`The page at ${url.href} is of type ${mime}, which fetch_page cannot read: it reads HTML, plain text and JSON.`);
      }
      const { body, truncated } = await readCapped(response, maxBytes);
      const text = decode(body, charset);
      const kind = declared ?? (/^\s*</.test(text) ? 'html' : 'text');
      const page = kind === 'html' ? htmlToMarkdown(text, url) : { title: '', markdown: text };
      return { url: url.href, status, contentType: mime || (kind === 'html' ? 'text/html' : 'text/plain'), ...page, truncated };
    }
  }

  return {
    async fetch(address: string, ctl: ActionControl): Promise<FetchedPage> {
      await ctl.gate();
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([ctl.signal, deadline]);
      try {
        return await fetchPage(address, signal);
      } catch (error) {
        if (ctl.signal.aborted) throw ctl.signal.reason instanceof Error ? ctl.signal.reason : error;
        if (deadline.aborted) throw new Error(`The page at ${address} did not finish loading within ${timeoutMs / 1000} s. Try again later or fetch a smaller page.`, { cause: error });
        if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
          throw new Error(`Could not fetch ${address}: ${error.message}. Check that the address is right and the site is up.`, { cause: error });
        }
        throw error;
      }
    },
  };
}
