import type { JobState, Queue } from 'bullmq';
import type { QueueCounts } from './metrics.js';

/** Completed and failed count the jobs still retained (see RETENTION), not every job ever run. */
export const QUEUE_STATES: readonly JobState[] = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
];

/** A `queueDepths` provider over BullMQ queues: one round of counts per queue at scrape time. */
export function queueDepthsOf(queues: readonly Queue[]): () => Promise<Record<string, QueueCounts>> {
  return async () => {
    const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...QUEUE_STATES)));
    return Object.fromEntries(queues.map((queue, index) => [queue.name, counts[index] ?? {}]));
  };
}
