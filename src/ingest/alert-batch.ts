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
