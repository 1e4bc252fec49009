import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { CustomRoute } from '@slack/bolt';
import type { Queue } from 'bullmq';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { recordAuthFailure, refuseIfThrottled } from './auth-guard.js';
import { type AuthThrottle, createAuthThrottle } from './auth-throttle.js';
import { basicAuthChallenge, basicAuthMatches } from './basic-auth.js';
import { sendJson } from './respond.js';

export const ADMIN_QUEUES_PATH = '/admin/queues';
const REALM = 'warroom';
/** bull-board's UI reads with GET and acts (retry, promote, clean, pause) with PUT, POST and PATCH. */
const BOARD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface AdminQueuesOptions {
  /** ADMIN_USER and ADMIN_PASSWORD: without both, the dashboard is not mounted at all. */
  user?: string;
  password?: string;
  queues: readonly Queue[];
  logger: Logger;
  /** Shows the queues without the buttons that change them. */
  readOnly?: boolean;
  /** Failed logins per client address (shared with the other routes; a fresh one when absent). */
  authThrottle?: AuthThrottle;
}

/** An express app is a plain node request listener; `next` runs when no board route matched. */
type RequestListener = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * bull-board at `/admin/queues` (UI, static assets and its `/api`), behind HTTP basic auth. Its
 * express adapter runs as a request listener inside our routes: no second server, no second port.
 */
export function adminQueuesRoutes(options: AdminQueuesOptions): CustomRoute[] {
  const { user, password, logger } = options;
  if (!user || !password) return [];

  const adapter = new ExpressAdapter().setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: options.queues.map(
      (queue) => new BullMQAdapter(queue, { readOnlyMode: options.readOnly ?? false }),
    ),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Warroom queues' } },
  });
  const board = adapter.getRouter() as RequestListener;
  const guard = { throttle: options.authThrottle ?? createAuthThrottle(), logger, route: ADMIN_QUEUES_PATH };

  return [
    {
      // Matches `/admin/queues` itself and everything below it.
      path: `${ADMIN_QUEUES_PATH}{/*rest}`,
      method: BOARD_METHODS,
      handler: (req, res) => {
        if (refuseIfThrottled(req, res, guard)) return;
        if (!basicAuthMatches(req.headers, { user, password })) {
          recordAuthFailure(req, guard, req.headers.authorization ? 'wrong credentials' : 'no credentials');
          return basicAuthChallenge(res, REALM);
        }
        if (!mountAt(req, ADMIN_QUEUES_PATH)) return sendJson(res, 404, { ok: false, error: 'not_found' });
        board(req, res, (error) => {
          if (error) logger.error({ err: errorMessage(error) }, 'queue dashboard failed');
          if (res.headersSent) return void res.end();
          sendJson(res, error ? 500 : 404, { ok: false, error: error ? 'internal' : 'not_found' });
        });
      },
    },
  ];
}

/**
 * What express does for `app.use(path, subApp)`: the sub-app sees the path below the mount point.
 * False for a URL that matched only once decoded (`/admin/%71ueues`): the board could not route it.
 */
function mountAt(req: IncomingMessage & { originalUrl?: string }, mountPath: string): boolean {
  const url = req.url ?? '/';
  if (!url.startsWith(mountPath)) return false;
  req.originalUrl = url;
  const below = url.slice(mountPath.length);
  req.url = below.startsWith('/') ? below : `/${below}`;
  return true;
}
