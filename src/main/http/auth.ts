// Who may call: the bearer token (compared in constant time) or a panel cookie naming a server-side session.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './responses.js';

export const PANEL_COOKIE = 'chaperone_session';
const MAX_PANEL_SESSIONS = 256;

// Hashing both sides first makes the comparison constant-time even when the lengths differ.
const compareKey = randomBytes(32);
function digest(value: string): Buffer {
  return createHmac('sha256', compareKey).update(value).digest();
}

export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(token));
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function hasValidBearer(req: IncomingMessage, token: string): boolean {
  return tokenMatches(bearerToken(req), token);
}

/**
 * 401 that says nothing about the server beyond "a bearer token is needed", or, when one was sent, that it is wrong:
 * clients then report a wrong token instead of starting OAuth.
 */
export function sendUnauthorized(req: IncomingMessage, res: ServerResponse): void {
  const challenge = bearerToken(req) === undefined ? 'Bearer' : 'Bearer error="invalid_token"';
  sendJson(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': challenge });
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Panel logins: random ids kept in memory, so the cookie never carries the token and a restart signs everyone out. */
export class PanelSessions {
  private readonly ids = new Set<string>();

  create(): string {
    const id = randomBytes(32).toString('base64url');
    this.ids.add(id);
    if (this.ids.size > MAX_PANEL_SESSIONS) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return id;
  }

  isValid(req: IncomingMessage): boolean {
    const id = readCookie(req, PANEL_COOKIE);
    if (id === undefined) return false;
    for (const known of this.ids) {
      if (tokenMatches(id, known)) return true;
    }
    return false;
  }

  cookieHeader(id: string): string {
    return `${PANEL_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`;
  }
}
