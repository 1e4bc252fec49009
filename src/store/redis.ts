import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, Redis as IORedis, type RedisOptions } from 'ioredis';
import type { RedisEndpoint } from './redis-endpoint.js';
import { withScripts } from './scripts.js';

/**
 * The connection type, for the stores and for code outside src/store that hands a connection to
 * BullMQ or to a store: one server (or a Sentinel-watched primary) or a Cluster, either works.
 */
export type Redis = IORedis | Cluster;

/** How long writes on a command connection wait for a replica (see `RedisEndpoint.waitReplicaMs`). */
const replicaWaits = new WeakMap<Redis, number>();

/**
 * Asynchronous replication loses what a primary acknowledged but died before passing on: after a
 * write that must survive a failover, wait for one replica to have it (bounded, never failing the
 * write). Off unless the connection was made with `waitReplicaMs`; not on a Cluster, where WAIT
 * answers for one node only. Resolves with the replicas that have it, or undefined when off.
 */
export async function onReplica(redis: Redis): Promise<number | undefined> {
  const ms = replicaWaits.get(redis);
  if (!ms || redis instanceof Cluster) return undefined;
  return redis.wait(1, ms).catch(() => 0);
}

/** Credentials, database and TLS from a redis:// URL, for connections that find their host elsewhere. */
function urlSettings(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.slice(1) || '0');
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * After a failover a connection may still reach the old primary, now a replica that refuses
 * writes: reconnect (Sentinel then names the new primary) and send the command again.
 */
function reconnectOnReadOnly(error: Error): 2 | false {
  return error.message.startsWith('READONLY') ? 2 : false;
}

/**
 * `command` connections fail fast when Redis is down (the web role answers 503 instead of
 * hanging); `blocking` ones wait forever, as BullMQ workers require. With Sentinel, a connection
 * asks the sentinels for the primary, follows a failover as soon as they announce it, and keeps
 * its commands queued meanwhile.
 */
export function createRedis(
  endpoint: RedisEndpoint | string,
  kind: 'command' | 'blocking',
  name = 'warroom',
): Redis {
  const target = typeof endpoint === 'string' ? { url: endpoint } : endpoint;
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
  if (target.clusterNodes) {
    const { connectionName, ...perCommand } = options;
    return withScripts(
      new Cluster(
        target.clusterNodes.map(({ host, port }) => ({ host, port })),
        {
          // Each node's connection: credentials and TLS from the URL (a Cluster has only db 0).
          redisOptions: { ...urlSettings(target.url), db: 0, connectionName, ...perCommand },
          enableOfflineQueue: true,
          ...(kind === 'command' ? { enableAutoPipelining: true } : {}),
          // Slots move during a failover or a reshard: follow MOVED/ASK and wait out TRYAGAIN.
          maxRedirections: 16,
          retryDelayOnFailover: 200,
          retryDelayOnClusterDown: 500,
          lazyConnect: false,
        },
      ),
    );
  }
  if (target.sentinel) {
    const connection = withScripts(
      new IORedis({
        ...urlSettings(target.url),
        ...options,
        sentinels: target.sentinel.nodes.map(({ host, port }) => ({ host, port })),
        name: target.sentinel.name,
        failoverDetector: true,
        // A failover takes seconds: commands wait it out instead of failing after two reconnects.
        ...(kind === 'command' ? { maxRetriesPerRequest: 20 } : {}),
        reconnectOnError: reconnectOnReadOnly,
        lazyConnect: false,
      }),
    );
    if (kind === 'command' && target.waitReplicaMs) replicaWaits.set(connection, target.waitReplicaMs);
    return connection;
  }
  return withScripts(new IORedis(target.url, { ...options, lazyConnect: false }));
}

/**
 * A real round trip, not just a PING: every master of a Cluster (or the one server) answers, and a
 * read of each of `keys` is served by its slot's node (the queues' slot, the global slot, an
 * incident's). A slot whose master is gone fails it, as the work on that slot would.
 */
export async function redisRoundTrip(redis: Redis, keys: readonly string[]): Promise<boolean> {
  try {
    const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
    if (servers.length === 0) return false;
    const pongs = await Promise.all(servers.map((server) => server.ping()));
    if (!pongs.every((answer) => answer === 'PONG')) return false;
    await Promise.all(keys.map((key) => redis.exists(key)));
    return true;
  } catch {
    return false;
  }
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
