export type { AlertBatch, AlertSink } from '../../ingest/alert-sink.js';
export { NOT_CONFIGURED_MESSAGE, WEBHOOK_BODY_LIMIT_BYTES, type WebhookOptions } from './handle-webhook.js';
export { webhookRoutes } from './webhook-routes.js';
