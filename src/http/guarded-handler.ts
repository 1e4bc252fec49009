import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { sendJson } from './respond.js';

type RouteRequest = Parameters<CustomRoute['handler']>[0];

/**
 * Bolt does not await custom route handlers: a rejection would go unhandled and the client would
 * hang. This answers 500 instead (or drops the connection when the answer had already begun).
 */
export function guardedHandler(
  route: string,
  logger: Logger,
  handle: (req: RouteRequest, res: ServerResponse) => Promise<void>,
): CustomRoute['handler'] {
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ route, err: errorMessage(error) }, 'http route failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal' });
      else res.destroy();
    });
  };
}
