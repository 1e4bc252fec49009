import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { benchPrefix, dropPrefix, median, REDIS_URL } from './support.js';

/** The yardstick: add one job, a worker runs a no-op, the producer learns it completed. */
export async function bareRoundTripMs(samples: number): Promise<number> {
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

  const timings: number[] = [];
  for (let i = 0; i < samples + 20; i++) {
    const started = performance.now();
    const done = new Promise<void>((resolve) => waiting.set(`j${i}`, resolve));
    await queue.add('noop', { i }, { jobId: `j${i}`, removeOnComplete: true });
    await done;
    if (i >= 20) timings.push(performance.now() - started);
  }
  await worker.close();
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  await dropPrefix(prefix);
  return median(timings);
}
