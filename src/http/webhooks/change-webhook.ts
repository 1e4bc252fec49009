import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { z } from 'zod';
import { ChangeWebhookBody, changeFromWebhook } from '../../domain/change.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { ChangeStore } from '../../store/change-store.js';
import { clientAddress, refuseIfThrottled } from '../auth-guard.js';
import { type AuthThrottle, createAuthThrottle } from '../auth-throttle.js';
import { readBody, sendJson } from '../respond.js';
import { bearerMatches } from './authenticate.js';
import { NOT_CONFIGURED_MESSAGE } from './handle-webhook.js';

export const CHANGE_PATH = '/webhooks/change';
const CHANGE_BODY_LIMIT_BYTES = 64 * 1024;

export interface ChangeWebhookOptions {
  webhookToken?: string;
  changes: Pick<ChangeStore, 'record'>;
  logger: Logger;
  /** The catalog's service name for a name or alias (when a catalog is loaded). */
  resolveService?: (nameOrAlias: string) => string | undefined;
  authThrottle?: AuthThrottle;
  now?: () => Date;
}

/** A problem per line, naming the field: `version: required`. */
function problemsOf(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

/**
 * `POST /webhooks/change`: a deploy a CI/CD pipeline already made. Same bearer token as the alert
 * webhooks; recorded quietly (no card): an incident that opens on the service, or on what depends
 * on it, within CHANGE_WINDOW_SECONDS names it.
 */
async function handleChange(req: IncomingMessage, res: ServerResponse, options: ChangeWebhookOptions) {
  const { webhookToken, logger } = options;
  if (!webhookToken)
    return sendJson(res, 503, { ok: false, error: 'not_configured', message: NOT_CONFIGURED_MESSAGE });
  const throttle = options.authThrottle;
  if (throttle && refuseIfThrottled(req, res, { throttle, logger, route: CHANGE_PATH })) return;
  if (!bearerMatches(req.headers, webhookToken)) {
    const client = clientAddress(req);
    throttle?.recordFailure(client);
    logger.warn({ route: CHANGE_PATH, client }, 'webhook refused');
    return sendJson(res, 401, { ok: false, error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
  }
  const body = await readBody(req, CHANGE_BODY_LIMIT_BYTES);
  if (body === 'too_large')
    return sendJson(res, 413, { ok: false, error: 'too_large', limitBytes: CHANGE_BODY_LIMIT_BYTES });
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const message = `the body is not JSON: ${errorMessage(error).slice(0, 200)}`;
    return sendJson(res, 400, { ok: false, error: 'invalid_json', message });
  }
  const parsed = ChangeWebhookBody.safeParse(payload);
  if (!parsed.success) {
    const message = `not a change: ${problemsOf(parsed.error)}. Send at least {"service": "api", "version": "3.1.4"}.`;
    return sendJson(res, 400, { ok: false, error: 'invalid_change', message });
  }
  const now = options.now?.() ?? new Date();
  const change = changeFromWebhook(parsed.data, now, options.resolveService);
  const recorded = await options.changes.record(change, now);
  logger.info({ service: change.service, version: change.version, recorded }, 'change recorded');
  sendJson(res, 202, { ok: true, id: change.id, service: change.service, recorded });
}

export function changeWebhookRoute(options: ChangeWebhookOptions): CustomRoute {
  const withThrottle = { ...options, authThrottle: options.authThrottle ?? createAuthThrottle() };
  return {
    path: CHANGE_PATH,
    method: ['POST'],
    handler: (req, res) => {
      // Bolt does not await custom route handlers: a rejection here would be unhandled.
      handleChange(req, res, withThrottle).catch((error: unknown) => {
        options.logger.error({ route: CHANGE_PATH, err: errorMessage(error) }, 'change webhook failed');
        if (!res.headersSent) sendJson(res, 503, { ok: false, error: 'unavailable' }, { 'retry-after': '5' });
        else res.destroy();
      });
    },
  };
}
