// /api: the panel's control surface over HTTP (see API_ROUTES in src/shared/bridge.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_ROUTES } from '../../shared/bridge.js';
import type { ApprovalDecision } from '../../shared/types.js';
import type { OwnWindows } from '../core/ownWindows.js';
import type { ControlResult, Supervisor } from '../core/types.js';
import { checkPresence } from '../../shared/seat.js';
import type { PanelSessions} from './auth.js';
import { hasValidBearer, sendUnauthorized } from './auth.js';
import { readBody, tooLargeMessage } from './bodyLimit.js';
import type { EventStreams } from './eventStream.js';
import { sendJson } from './responses.js';

/**
 * Cookie-authenticated requests that change state must also carry `X-Chaperone: 1` or an Origin header
 * (the Origin itself is checked by the origin guard); a plain cross-site form post has neither.
 */
export const CSRF_HEADER = 'x-chaperone';

const DECISIONS: readonly ApprovalDecision[] = ['approve', 'always', 'deny'];

export interface ApiOptions {
  supervisor: Supervisor;
  ownWindows: OwnWindows;
  token: string;
  panelSessions: PanelSessions;
  events: EventStreams;
  clientConfig: () => string;
}

type Caller = 'panel' | 'api';

class BadRequest extends Error {}

const ANSWER_ROUTE = /^\/api\/(approvals|questions)\/([^/]+)$/;
// approvals and questions are prefixes: only /api/approvals/ID and /api/questions/ID exist.
const FIXED_ROUTES: ReadonlySet<string> = new Set(Object.values(API_ROUTES).filter((path) => path !== API_ROUTES.approvals && path !== API_ROUTES.questions));

/** Known before the caller is checked, so an unknown path is 404 for everyone and every method. */
function isApiRoute(path: string): boolean {
  return FIXED_ROUTES.has(path) || (path.length <= 1024 && ANSWER_ROUTE.test(path));
}

function limitParam(url: URL): number | undefined {
  const raw = url.searchParams.get('limit');
  if (raw === null) return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new BadRequest('limit must be a whole number of 1 or more.');
  return limit;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const read = await readBody(req);
  if (read.tooLarge) throw new BadRequest(tooLargeMessage());
  const text = read.body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new BadRequest('The id in the path is not valid percent-encoding.');
  }
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BadRequest(`"${key}" must be a string.`);
  return value;
}

export class ApiRoutes {
  constructor(private readonly options: ApiOptions) {}

  private caller(req: IncomingMessage): Caller | null {
    if (hasValidBearer(req, this.options.token)) return 'api';
    if (this.options.panelSessions.isValid(req)) return 'panel';
    return null;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!isApiRoute(url.pathname)) {
      sendJson(res, 404, { error: `No such API route: ${url.pathname}.` });
      return;
    }
    const caller = this.caller(req);
    if (caller === null) {
      sendUnauthorized(req, res);
      return;
    }
    const method = req.method ?? 'GET';
    const changesState = method !== 'GET' && method !== 'HEAD';
    if (caller === 'panel' && changesState && req.headers[CSRF_HEADER] !== '1' && req.headers.origin === undefined) {
      sendJson(res, 403, { error: 'Send the X-Chaperone: 1 header with panel requests that change state.' });
      return;
    }
    try {
      await this.route(req, res, url, method, caller);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      const status = error.message === tooLargeMessage() ? 413 : 400;
      sendJson(res, status, { error: error.message }, status === 413 ? { Connection: 'close' } : {});
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL, method: string, caller: Caller): Promise<void> {
    const { supervisor } = this.options;
    const path = url.pathname;
    const allow = (methods: string): boolean => {
      if (methods.split(', ').includes(method)) return true;
      sendJson(res, 405, { error: `Use ${methods.replace(', ', ' or ')} for ${path}.` }, { Allow: methods });
      return false;
    };
    // The control took effect either way; an unrecorded one also says why, so the caller can tell the person.
    const status = (result: ControlResult): void => {
      const { status: now } = supervisor.state();
      sendJson(res, 200, result.recorded ? { status: now } : { status: now, recorded: false, error: result.error });
    };

    switch (path) {
      case API_ROUTES.state:
        if (allow('GET')) sendJson(res, 200, supervisor.state());
        return;
      case API_ROUTES.feed:
        if (allow('GET')) sendJson(res, 200, supervisor.feed(limitParam(url)));
        return;
      case API_ROUTES.events:
        if (allow('GET')) this.options.events.serve(req, res);
        return;
      case API_ROUTES.pause:
        if (!allow('POST')) return;
        status(supervisor.pause(caller, optionalString(await jsonBody(req), 'reason')));
        return;
      case API_ROUTES.resume:
        if (!allow('POST')) return;
        await jsonBody(req);
        status(supervisor.resume(caller));
        return;
      case API_ROUTES.stop:
        if (!allow('POST')) return;
        status(await supervisor.stop(caller, optionalString(await jsonBody(req), 'reason')));
        return;
      case API_ROUTES.rearm:
        if (!allow('POST')) return;
        await jsonBody(req);
        status(supervisor.rearm(caller));
        return;
      case API_ROUTES.settings:
        if (!allow('GET, PUT')) return;
        if (method === 'GET') {
          sendJson(res, 200, supervisor.settings());
          return;
        }
        this.sendSaveResult(res, supervisor.saveSettings(await jsonBody(req)));
        return;
      case API_ROUTES.audit:
        if (allow('GET')) {
          const records = supervisor.auditRecent(limitParam(url));
          sendJson(res, 200, { records, verification: await supervisor.auditVerify() });
        }
        return;
      case API_ROUTES.presence: {
        if (!allow('POST')) return;
        // Only a panel reports itself: a script with the bearer token has no window to protect.
        if (caller !== 'panel') {
          sendJson(res, 403, { error: 'Only the panel in a browser reports its presence.' });
          return;
        }
        const presence = checkPresence(await jsonBody(req));
        if (typeof presence === 'string') throw new BadRequest(presence);
        this.options.ownWindows.report(presence);
        sendJson(res, 200, { ok: true });
        return;
      }
      case API_ROUTES.clientConfig:
        if (allow('GET')) sendJson(res, 200, { text: this.options.clientConfig() });
        return;
    }
    const answer = ANSWER_ROUTE.exec(path);
    if (answer !== null && allow('POST')) {
      const id = decodePathPart(answer[2] ?? '');
      const body = await jsonBody(req);
      if (answer[1] === 'approvals') {
        const decision = body.decision;
        if (typeof decision !== 'string' || !DECISIONS.includes(decision as ApprovalDecision)) {
          throw new BadRequest('"decision" must be "approve", "always" or "deny".');
        }
        this.sendSaveResult(res, supervisor.answerApproval(id, decision as ApprovalDecision, optionalString(body, 'reason'), caller));
      } else if (body.decline === true) {
        this.sendSaveResult(res, supervisor.declineQuestion(id, caller));
      } else {
        const text = body.answer;
        if (typeof text !== 'string') throw new BadRequest('Send "answer" as a string, or "decline": true to decline the question.');
        this.sendSaveResult(res, supervisor.answerQuestion(id, text, caller));
      }
    }
  }

  private sendSaveResult(res: ServerResponse, result: { ok: true } | { ok: false; error: string; status?: 404 | 409 }): void {
    if (result.ok) sendJson(res, 200, { ok: true });
    else sendJson(res, result.status ?? 400, { error: result.error });
  }
}
