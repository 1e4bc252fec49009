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

const StoredEnvelope = AlertBatch.extend({ alerts: z.array(z.unknown()) });

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
  const envelope = StoredEnvelope.parse(raw);
  const alerts: Alert[] = [];
  for (const candidate of envelope.alerts) {
    const parsed = Alert.safeParse(candidate);
    if (parsed.success) alerts.push(parsed.data);
  }
  return { batch: { ...envelope, alerts }, dropped: envelope.alerts.length - alerts.length };
}
