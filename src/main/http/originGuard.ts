// DNS-rebinding and cross-site defence: the Host must name this loopback server, and any Origin must be the panel's own.
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface OriginPolicy {
  port: number;
  /** True while bound to a loopback address: then only loopback Host headers are accepted. */
  loopbackOnly: boolean;
}

/** The origins the panel is served from. */
export function panelOrigins(port: number): string[] {
  return LOOPBACK_NAMES.map((name) => `http://${name}:${port}`);
}

/** Null when the request may proceed, else the reason for a 403. */
export function refuseForeignRequest(req: IncomingMessage, policy: OriginPolicy): string | null {
  const host = req.headers.host?.toLowerCase();
  if (policy.loopbackOnly) {
    if (host === undefined || !LOOPBACK_NAMES.some((name) => host === `${name}:${policy.port}`)) return 'forbidden host';
  }
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  const allowed = panelOrigins(policy.port);
  if (!policy.loopbackOnly && host !== undefined) allowed.push(`http://${host}`);
  return allowed.includes(origin.toLowerCase()) ? null : 'forbidden origin';
}
