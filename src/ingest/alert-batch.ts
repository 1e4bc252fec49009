import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Alert, AlertSource } from './alert.js';

/** A validated webhook delivery, kept in Redis for the ingest worker (jobs carry only its id). */
export const AlertBatch = z.object({
  source: AlertSource,
  alerts: z.array(Alert),
  deliveryId: z.string().optional(),
  receivedAt: z.string(),
});
export type AlertBatch = z.infer<typeof AlertBatch>;

/**
 * The Alert schema's own fingerprint, stored with each batch: alerts stored under the schema this
 * process runs were checked by it on the way in and are not checked again (a worker reads every
 * alert of a storm). A batch written under another schema is checked alert by alert.
 */
export const ALERT_SCHEMA_STAMP = createHash('sha256')
  .update(JSON.stringify(z.toJSONSchema(Alert)))
  .digest('hex')
  .slice(0, 16);

/** What the web role stores: the batch and the schema its alerts were checked by. */
export interface StoredBatch extends AlertBatch {
  schema: string;
}

export function stampedBatch(batch: AlertBatch): StoredBatch {
  return { ...batch, schema: ALERT_SCHEMA_STAMP };
}

const StoredEnvelope = AlertBatch.extend({ alerts: z.array(z.unknown()), schema: z.string().optional() });

export interface ReadBatch {
  batch: AlertBatch;
  /** Alerts that no longer pass the Alert schema (written by an older version): dropped, not retried. */
  dropped: number;
}

/**
 * A stored batch, alert by alert: one alert that fails the schema must not fail the job on every
 * retry and lose its neighbours. Throws only when the envelope itself is unreadable.
 */
export function readStoredBatch(raw: unknown): ReadBatch {
  const { schema, ...envelope } = StoredEnvelope.parse(raw);
  if (schema === ALERT_SCHEMA_STAMP)
    return { batch: { ...envelope, alerts: envelope.alerts as Alert[] }, dropped: 0 };
  const alerts: Alert[] = [];
  for (const candidate of envelope.alerts) {
    const parsed = Alert.safeParse(candidate);
    if (parsed.success) alerts.push(parsed.data);
  }
  return { batch: { ...envelope, alerts }, dropped: envelope.alerts.length - alerts.length };
}
