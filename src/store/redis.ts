import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';
import { withScripts } from './scripts.js';

/** The connection type, for code outside src/store that hands a connection to BullMQ or to a store. */
export type { Redis };

/**
 * `command` connections fail fast when Redis is down (the web role answers 503 instead of
 * hanging); `blocking` ones wait forever, as BullMQ workers require.
 */
export function createRedis(url: string, kind: 'command' | 'blocking', name = 'warroom'): Redis {
  const options: RedisOptions =
    kind === 'blocking'
      ? { maxRetriesPerRequest: null, connectionName: `${name}-blocking` }
      : // Auto-pipelining sends the concurrent commands of a stage in one write.
        {
          maxRetriesPerRequest: 2,
          enableOfflineQueue: true,
          enableAutoPipelining: true,
          connectionName: name,
        };
  return withScripts(new Redis(url, { ...options, lazyConnect: false }));
}

export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/**
 * Resolves true once Redis answers a PING, false if `signal` aborts first. Until then `onWaiting`
 * is called once per `everyMs` with why it did not answer: a process started before its Redis keeps
 * serving its health routes, says what it waits for, and goes to work when Redis appears.
 */
export async function untilRedisAnswers(
  redis: Redis,
  options: { everyMs: number; onWaiting: (error: unknown) => void; signal: AbortSignal },
): Promise<boolean> {
  while (!options.signal.aborted) {
    try {
      if ((await redis.ping()) === 'PONG') return true;
    } catch (error) {
      if (options.signal.aborted) return false;
      options.onWaiting(error);
    }
    // Rejects when aborted: the loop then ends.
    await sleep(options.everyMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
  return false;
}
