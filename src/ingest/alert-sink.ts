import type { Alert, AlertSource } from './alert.js';

export interface AlertBatch {
  source: AlertSource;
  alerts: Alert[];
  /** The sender's delivery id (PagerDuty `X-Webhook-Id`, `X-Request-Id`, `Idempotency-Key`) when given. */
  deliveryId?: string;
  receivedAt: string;
}

/** Where the webhook edge hands a validated batch; it throws when the batch cannot be kept (Redis down). */
export interface AlertSink {
  accept(batch: AlertBatch): Promise<void>;
}
