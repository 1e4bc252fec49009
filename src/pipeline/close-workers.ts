import type { Worker } from 'bullmq';
import type { Logger } from '../log.js';
import { type Redis, redisRoundTrip, untilRedisStopsAnswering } from '../store/redis.js';

/** Round trips missed in a row, during a graceful close, before Redis counts as gone. */
const GONE_AFTER_MISSES = 2;

/**
 * Closes the workers, letting their current jobs finish while Redis answers. A graceful BullMQ
 * close may never return while Redis is unreachable (a Sentinel set with no primary, a Cluster
 * slot whose master died): it disconnects the blocking connection and waits for its `end` event,
 * which ioredis does not emit when the connection is between reconnect attempts. Redis answers
 * when a round trip over `probeKeys` does (on a Cluster the other masters may well answer while
 * the queues' slot is dead). With Redis already gone the workers close by force, and if it goes
 * during the close the wait ends; either way the unfinished jobs stall and run again elsewhere
 * once their locks expire, as after a crash.
 */
export async function closeWorkers(
  workers: readonly Worker[],
  redis: { connection: Redis; probeKeys: readonly string[] },
  logger: Logger,
): Promise<void> {
  if (workers.length === 0) return;
  const { connection, probeKeys } = redis;
  if (!(await redisRoundTrip(connection, probeKeys))) {
    logger.warn(
      { workers: workers.length },
      'Redis does not answer: workers close at once, their jobs stall',
    );
    await Promise.all(workers.map((worker) => worker.close(true)));
    return;
  }
  const watching = new AbortController();
  const graceful = Promise.all(workers.map((worker) => worker.close())).then(() => 'closed' as const);
  const gone = untilRedisStopsAnswering(connection, probeKeys, {
    misses: GONE_AFTER_MISSES,
    signal: watching.signal,
  });
  // `gone` resolves only once Redis is gone, or after the abort below, when nothing races it.
  const outcome = await Promise.race([graceful, gone.then(() => 'gone' as const)]);
  watching.abort();
  if (outcome === 'gone') {
    logger.warn(
      { workers: workers.length },
      'Redis stopped answering while workers closed: no longer waiting for their jobs, which stall',
    );
  }
}
