import { createHash, randomUUID } from 'node:crypto';
import type { AlertSink } from '../../ingest/alert-sink.js';
import type { IngestStore } from '../../store/ingest-store.js';
import type { JobQueues } from '../queues.js';

/**
 * The webhook edge's fast path: keep the batch in Redis and queue its id. A delivery the sender
 * marked with an id maps to the same batch id, so a redelivery is not even queued twice.
 */
export function createQueueSink(store: IngestStore, queues: JobQueues): AlertSink {
  return {
    async accept(batch) {
      const batchId = batch.deliveryId
        ? createHash('sha256').update(`${batch.source}\n${batch.deliveryId}`).digest('hex').slice(0, 32)
        : randomUUID().replaceAll('-', '');
      await store.putBatch(batchId, batch);
      await queues.add('ingest', { batchId });
    },
  };
}
