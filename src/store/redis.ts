import { Redis, type RedisOptions } from 'ioredis';

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
  return new Redis(url, { ...options, lazyConnect: false });
}

export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
