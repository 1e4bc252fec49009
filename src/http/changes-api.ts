import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { z } from 'zod';
import {
  parseDurationSeconds,
  parsePhases,
  RolloutRequest,
  requestProblem,
} from '../domain/rollout/rollout-request.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { PipelineContext } from '../pipeline/context.js';
import { openRolloutChange } from '../pipeline/rollouts/rollout-open.js';
import { recordAuthFailure, refuseIfThrottled } from './auth-guard.js';
import { type AuthThrottle, createAuthThrottle } from './auth-throttle.js';
import { guardedHandler } from './guarded-handler.js';
import { readBody, sendJson } from './respond.js';
import { bearerMatches } from './webhooks/authenticate.js';

export const CHANGES_API_PATH = '/api/changes';
const BODY_LIMIT_BYTES = 16 * 1024;
/** A request without an `id`: the same rollout asked again within this time is a retry of it. */
export const SAME_REQUEST_SECONDS = 300;
const NOT_CONFIGURED =
  'Rollouts through the API are disabled: set CHANGE_API_TOKEN and send it as "Authorization: Bearer <token>".';

export interface ChangesApiOptions {
  changeApiToken?: string;
  /** The read-only API's token: refused here, always. */
  apiToken?: string;
  ctx: PipelineContext;
  logger: Logger;
  authThrottle?: AuthThrottle;
}

/** The `/change rollout` fields as JSON: `phases` as a list or `"1,25,50,100"`, `bake` as `"5m"` or seconds. */
const ApiBody = z.object({
  service: z.unknown(),
  version: z.unknown(),
  previousVersion: z.unknown().optional(),
  phases: z.union([z.array(z.unknown()), z.string()]).optional(),
  bake: z.union([z.string(), z.number()]).optional(),
  /** The pipeline's own id of this request: a redelivery finds the change it opened. */
  id: z.string().trim().min(1).max(200).optional(),
});

function requestOf(
  body: z.output<typeof ApiBody>,
): { ok: true; request: RolloutRequest } | { ok: false; problem: string } {
  const phases = typeof body.phases === 'string' ? parsePhases(body.phases) : body.phases;
  if (body.phases !== undefined && phases === undefined)
    return { ok: false, problem: 'phases: give percentages, e.g. [1, 25, 50, 100]' };
  const bakeSeconds = typeof body.bake === 'string' ? parseDurationSeconds(body.bake) : body.bake;
  if (body.bake !== undefined && bakeSeconds === undefined)
    return { ok: false, problem: 'bake: give a duration such as "30s", "5m" or seconds' };
  const parsed = RolloutRequest.safeParse({
    service: body.service,
    version: body.version,
    ...(body.previousVersion === undefined ? {} : { previousVersion: body.previousVersion }),
    ...(phases === undefined ? {} : { phases }),
    ...(bakeSeconds === undefined ? {} : { bakeSeconds }),
  });
  return parsed.success
    ? { ok: true, request: parsed.data }
    : { ok: false, problem: requestProblem(parsed.error) };
}

/**
 * `POST /api/changes`: a pipeline asks Warroom to roll out, with the `/change rollout` fields.
 * `Authorization: Bearer $CHANGE_API_TOKEN`, never the read-only API_TOKEN. 202 with the change id;
 * pre-flight, approval and the phases follow in the change's card and thread. A retry finds the
 * change it opened (`created: false`): by its `id`, or without one by the same fields within 5 minutes.
 */
async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: ChangesApiOptions & { authThrottle: AuthThrottle },
) {
  const { logger } = options;
  if (!options.changeApiToken)
    return sendJson(res, 503, { ok: false, error: 'not_configured', message: NOT_CONFIGURED });
  const guard = { throttle: options.authThrottle, logger, route: CHANGES_API_PATH };
  if (refuseIfThrottled(req, res, guard)) return;
  if (options.apiToken && bearerMatches(req.headers, options.apiToken)) {
    recordAuthFailure(req, guard, 'read-only token');
    const message = 'API_TOKEN is read-only: starting a change needs CHANGE_API_TOKEN.';
    return sendJson(res, 403, { ok: false, error: 'forbidden', message });
  }
  if (!bearerMatches(req.headers, options.changeApiToken)) {
    recordAuthFailure(req, guard, req.headers.authorization ? 'wrong token' : 'no token');
    return sendJson(
      res,
      401,
      { ok: false, error: 'unauthorized' },
      { 'www-authenticate': 'Bearer realm="warroom"' },
    );
  }
  const raw = await readBody(req, BODY_LIMIT_BYTES);
  if (raw === 'too_large')
    return sendJson(res, 413, { ok: false, error: 'too_large', limitBytes: BODY_LIMIT_BYTES });
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return sendJson(res, 400, {
      ok: false,
      error: 'invalid_json',
      message: `the body is not JSON: ${errorMessage(error).slice(0, 200)}`,
    });
  }
  const body = ApiBody.safeParse(payload);
  const request = body.success
    ? requestOf(body.data)
    : { ok: false as const, problem: requestProblem(body.error) };
  if (!request.ok) {
    const message = `${request.problem}. Send at least {"service": "shop", "version": "2.4.0"}.`;
    return sendJson(res, 400, { ok: false, error: 'invalid_change', message });
  }
  const opened = await openRolloutChange(options.ctx, request.request, {
    requestedBy: 'api',
    source: 'api',
    ...(body.success && body.data.id
      ? { requestKey: `api:${body.data.id}` }
      : { sameRequestSeconds: SAME_REQUEST_SECONDS }),
  });
  if (!opened.ok) return sendJson(res, 422, { ok: false, error: 'refused', message: opened.problem });
  logger.info(
    { change: opened.rollout.id, service: opened.rollout.service, created: opened.created },
    'change opened through the API',
  );
  sendJson(res, 202, {
    ok: true,
    id: opened.rollout.id,
    status: opened.rollout.status,
    created: opened.created,
  });
}

export function changesApiRoute(options: ChangesApiOptions): CustomRoute {
  const withThrottle = { ...options, authThrottle: options.authThrottle ?? createAuthThrottle() };
  return {
    path: CHANGES_API_PATH,
    method: ['POST'],
    handler: guardedHandler(CHANGES_API_PATH, options.logger, (req, res) => handle(req, res, withThrottle)),
  };
}
