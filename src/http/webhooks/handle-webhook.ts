import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../../errors.js';
import type { AlertSource } from '../../ingest/alert.js';
import type { AlertSink } from '../../ingest/alert-sink.js';
import { changeFromDelivery } from '../../ingest/change-events.js';
import { type NormalizedDelivery, normalizeDelivery } from '../../ingest/normalize-delivery.js';
import { PayloadShapeError } from '../../ingest/payload-shape-error.js';
import type { Logger } from '../../log.js';
import type { WebhookResult } from '../../metrics/metrics.js';
import type { ChangeStore } from '../../store/change-store.js';
import { clientAddress, refuseIfThrottled } from '../auth-guard.js';
import type { AuthThrottle } from '../auth-throttle.js';
import { readBody, sendJson } from '../respond.js';
import { bearerMatches, bodySignatureCheck } from './authenticate.js';
import { deliveryIdOf } from './delivery-id.js';

export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;
const JSON_ERROR_DETAIL_CHARS = 200;

export interface WebhookOptions {
  webhookToken?: string;
  /** PAGERDUTY_WEBHOOK_SECRET: one secret or a comma-separated list during rotation. */
  pagerdutySecrets?: string;
  grafanaSecret?: string;
  sink: AlertSink;
  /** Where a deploy event that arrives on an alert webhook is recorded (it opens no incident). */
  changes?: Pick<ChangeStore, 'record'>;
  logger: Logger;
  now?: () => Date;
  /** Told how every delivery ended (for metrics): its alerts taken, and those dropped as unusable. */
  onResult?: (source: AlertSource, result: WebhookResult, alerts: number, rejected?: number) => void;
  /** The catalog's service name for a name or alias (when a catalog is loaded). */
  resolveService?: (nameOrAlias: string) => string | undefined;
  /** The catalog's service bound to a Kubernetes namespace and workload. */
  resolveWorkload?: (namespace: string, workload: string) => string | undefined;
  /** Failed credentials per client address (webhookRoutes supplies one when absent). */
  authThrottle?: AuthThrottle;
}

export const NOT_CONFIGURED_MESSAGE =
  'Webhooks are disabled: set WEBHOOK_TOKEN and send it as "Authorization: Bearer <token>". ' +
  'Set PAGERDUTY_WEBHOOK_SECRET and GRAFANA_WEBHOOK_SECRET to accept their HMAC signatures instead.';

/** Verify, read, parse, normalize, hand the batch to the sink, answer: nothing slow happens here. */
export async function handleWebhook(
  source: AlertSource,
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookOptions,
): Promise<void> {
  const { webhookToken, sink } = options;
  const report = (result: WebhookResult, alerts = 0, rejected = 0) =>
    options.onResult?.(source, result, alerts, rejected);
  const logger = options.logger;
  if (!webhookToken) {
    report('unavailable');
    return sendJson(res, 503, { ok: false, error: 'not_configured', message: NOT_CONFIGURED_MESSAGE });
  }
  const throttle = options.authThrottle;
  if (throttle && refuseIfThrottled(req, res, { throttle, logger, route: `/webhooks/${source}` })) {
    report('unauthorized');
    return;
  }
  const now = options.now?.() ?? new Date();
  const bearerOk = bearerMatches(req.headers, webhookToken);
  const signatureCheck = bearerOk ? undefined : bodySignatureCheck(source, req.headers, options, now);
  if (!bearerOk && !signatureCheck) {
    report('unauthorized');
    return unauthorized(req, res, options, source, 'missing or wrong bearer token');
  }

  const body = await readBody(req, WEBHOOK_BODY_LIMIT_BYTES);
  if (body === 'too_large') {
    report('too_large');
    return sendJson(res, 413, { ok: false, error: 'too_large', limitBytes: WEBHOOK_BODY_LIMIT_BYTES });
  }
  if (signatureCheck && !signatureCheck(body)) {
    report('unauthorized');
    return unauthorized(req, res, options, source, 'signature mismatch');
  }

  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const detail = errorMessage(error).slice(0, JSON_ERROR_DETAIL_CHARS);
    report('invalid_json');
    return sendJson(res, 400, { ok: false, error: 'invalid_json', detail });
  }

  const receivedAt = now.toISOString();
  const context = {
    receivedAt,
    ...(options.resolveService ? { resolveService: options.resolveService } : {}),
    ...(options.resolveWorkload ? { resolveWorkload: options.resolveWorkload } : {}),
  };
  const change = options.changes ? changeFromDelivery(source, payload, context) : undefined;
  if (change && options.changes) {
    const recorded = await options.changes.record(change, now);
    logger.info({ source, service: change.service, version: change.version, recorded }, 'change recorded');
    report('accepted');
    return sendJson(res, 202, {
      ok: true,
      accepted: 0,
      change: { id: change.id, service: change.service, version: change.version, recorded },
    });
  }
  let delivery: NormalizedDelivery;
  try {
    delivery = normalizeDelivery(source, payload, context);
  } catch (error) {
    if (!(error instanceof PayloadShapeError)) throw error;
    report('invalid_payload');
    return sendJson(res, 422, { ok: false, error: 'invalid_payload', issues: error.issues });
  }
  const { alerts, rejected } = delivery;
  // Good alerts beside bad ones are taken: Alertmanager and Grafana never resend a group after a 4xx.
  const answer = rejected > 0 ? { rejected, issues: delivery.issues } : {};
  if (rejected > 0) logger.warn({ source, rejected, issues: delivery.issues }, 'webhook alerts dropped');
  if (alerts.length === 0) {
    report('accepted');
    return sendJson(res, 202, { ok: true, accepted: 0 });
  }

  const deliveryId = deliveryIdOf(source, req.headers);
  try {
    await sink.accept({ source, alerts, receivedAt, ...(deliveryId ? { deliveryId } : {}) });
  } catch (error) {
    logger.error(
      { source, deliveryId, alerts: alerts.length, err: errorMessage(error) },
      'alert sink refused a batch',
    );
    report('unavailable', alerts.length, rejected);
    return sendJson(res, 503, { ok: false, error: 'unavailable' }, { 'retry-after': '5' });
  }
  report('accepted', alerts.length, rejected);
  logger.debug({ source, deliveryId, accepted: alerts.length }, 'webhook batch accepted');
  sendJson(res, 202, { ok: true, accepted: alerts.length, ...answer });
}

function unauthorized(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookOptions,
  source: AlertSource,
  reason: string,
): void {
  const client = clientAddress(req);
  options.authThrottle?.recordFailure(client);
  // The reason and the address, never the presented credentials.
  options.logger.warn({ source, reason, client }, 'webhook refused');
  sendJson(res, 401, { ok: false, error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
}
