import type { AlertBatch } from './alert-batch.js';

export type { AlertBatch } from './alert-batch.js';

/** Where the webhook edge hands a validated batch; it throws when the batch cannot be kept (Redis down). */
export interface AlertSink {
  accept(batch: AlertBatch): Promise<void>;
}
