import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, REDIS_URL } from './support.js';

export interface BareRoundTrip {
  /** Adds one job, a worker runs a no-op, the producer learns it completed; returns the ms taken. */
  sample(): Promise<number>;
  close(): Promise<void>;
}

/** The yardstick: a bare BullMQ job round trip on the same Redis, with nothing of Warroom in it. */
export async function createBareRoundTrip(): Promise<BareRoundTrip> {
  const prefix = benchPrefix('bare');
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('bare', { connection, prefix });
  const waiting = new Map<string, () => void>();
  const worker = new Worker('bare', async () => undefined, {
    connection: workerConnection,
    prefix,
    concurrency: 1,
  });
  worker.on('completed', (job) => waiting.get(job.id ?? '')?.());
  await worker.waitUntilReady();

  let sequence = 0;
  return {
    async sample() {
      const jobId = `j${sequence++}`;
      const started = performance.now();
      const done = new Promise<void>((resolve) => waiting.set(jobId, resolve));
      await queue.add('noop', { sequence }, { jobId, removeOnComplete: true });
      await done;
      waiting.delete(jobId);
      return performance.now() - started;
    },
    async close() {
      await worker.close();
      await queue.close();
      connection.disconnect();
      workerConnection.disconnect();
      await dropPrefix(prefix);
    },
  };
}
