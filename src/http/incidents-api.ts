import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { z } from 'zod';
import { IncidentId } from '../domain/incident-id.js';
import { isClosed, STATUSES, type Status } from '../domain/status.js';
import type { Ticket } from '../domain/ticket.js';
import type { Logger } from '../log.js';
import type { IncidentHistory } from '../pipeline/retention/incident-history.js';
import type { TicketStore } from '../store/ticket-store.js';
import type { TimelineStore } from '../store/timeline-store.js';
import { recordAuthFailure, refuseIfThrottled } from './auth-guard.js';
import { type AuthThrottle, createAuthThrottle } from './auth-throttle.js';
import { guardedHandler } from './guarded-handler.js';
import { sendJson } from './respond.js';
import { bearerMatches } from './webhooks/authenticate.js';

export interface IncidentsApiOptions {
  /** API_TOKEN: while unset, every call answers 503 and says how to enable the API. */
  apiToken?: string;
  tickets: Pick<TicketStore, 'get' | 'listOpen' | 'listRecent'>;
  timeline: Pick<TimelineStore, 'read'>;
  /** Hot incidents from Redis and archived ones from PostgreSQL; absent: Redis alone. */
  history?: Pick<IncidentHistory, 'find' | 'recent'>;
  logger: Logger;
  /** Failed tokens per client address (shared with the other routes; a fresh one when absent). */
  authThrottle?: AuthThrottle;
}

export const INCIDENTS_API_NOT_CONFIGURED =
  'The incidents API is disabled: set API_TOKEN and send it as "Authorization: Bearer <token>".';
/** A filter on a closed status looks through this many of the newest incidents. */
export const CLOSED_STATUS_SCAN_LIMIT = 5000;

const ListQuery = z.object({
  status: z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(', ')}` }).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be between 1 and 500')
    .max(500, 'limit must be between 1 and 500')
    .default(100),
});

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Read-only JSON for other tools: `GET /api/incidents[?status=&limit=]`, newest first, and
 * `GET /api/incidents/:id` with its timeline. `Authorization: Bearer $API_TOKEN` on every call.
 */
export function incidentsApiRoutes(options: IncidentsApiOptions): CustomRoute[] {
  const { logger } = options;
  const guard = { throttle: options.authThrottle ?? createAuthThrottle(), logger, route: '/api/incidents' };
  const refused = (res: ServerResponse, req: IncomingMessage) => {
    if (!options.apiToken) {
      sendJson(res, 503, { ok: false, error: 'not_configured', message: INCIDENTS_API_NOT_CONFIGURED });
      return true;
    }
    if (refuseIfThrottled(req, res, guard)) return true;
    if (bearerMatches(req.headers, options.apiToken)) return false;
    recordAuthFailure(req, guard, req.headers.authorization ? 'wrong token' : 'no token');
    sendJson(
      res,
      401,
      { ok: false, error: 'unauthorized' },
      { 'www-authenticate': 'Bearer realm="warroom"' },
    );
    return true;
  };

  return [
    {
      path: '/api/incidents',
      method: ['GET'],
      handler: guardedHandler('/api/incidents', logger, async (req, res) => {
        if (refused(res, req)) return;
        const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
        const query = ListQuery.safeParse(
          Object.fromEntries([...search].filter(([, value]) => value.trim() !== '')),
        );
        if (!query.success) {
          const message = query.error.issues.map((issue) => issue.message).join('; ');
          return sendJson(res, 400, { ok: false, error: 'invalid_query', message }, NO_STORE);
        }
        const incidents = options.history
          ? await options.history.recent(query.data)
          : await listIncidents(options.tickets, query.data.status, query.data.limit);
        sendJson(res, 200, { ok: true, count: incidents.length, incidents }, NO_STORE);
      }),
    },
    {
      path: '/api/incidents/:id',
      method: ['GET'],
      handler: guardedHandler('/api/incidents/:id', logger, async (req, res) => {
        if (refused(res, req)) return;
        const id = IncidentId.safeParse(req.params?.id);
        if (!id.success) {
          const message = 'incident ids look like INC-0007';
          return sendJson(res, 400, { ok: false, error: 'invalid_id', message }, NO_STORE);
        }
        const found = options.history
          ? await options.history.find(id.data)
          : await findInRedis(options, id.data);
        if (!found) {
          return sendJson(
            res,
            404,
            { ok: false, error: 'not_found', message: `No incident ${id.data}` },
            NO_STORE,
          );
        }
        sendJson(res, 200, { ok: true, incident: found.ticket, timeline: found.timeline }, NO_STORE);
      }),
    },
  ];
}

async function findInRedis(options: IncidentsApiOptions, id: string) {
  const ticket = await options.tickets.get(id);
  return ticket ? { ticket, timeline: await options.timeline.read(id) } : undefined;
}

async function listIncidents(
  tickets: IncidentsApiOptions['tickets'],
  status: Status | undefined,
  limit: number,
): Promise<Ticket[]> {
  if (!status) return tickets.listRecent(limit);
  // Open incidents are all indexed; closed ones only by age, so their filter scans the newest.
  const candidates = isClosed(status)
    ? await tickets.listRecent(CLOSED_STATUS_SCAN_LIMIT)
    : await tickets.listOpen();
  return candidates
    .filter((ticket) => ticket.status === status)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, limit);
}
