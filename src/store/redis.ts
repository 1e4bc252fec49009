import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, Redis as IORedis, type RedisOptions } from 'ioredis';
import { withinMs } from './bounded-call.js';
import { keySlot } from './key-slot.js';
import type { RedisEndpoint } from './redis-endpoint.js';
import { withScripts } from './scripts.js';
import { FailoverFollowingConnector } from './sentinel-connector.js';

/**
 * The connection type, for the stores and for code outside src/store that hands a connection to
 * BullMQ or to a store: one server (or a Sentinel-watched primary) or a Cluster, either works.
 */
export type Redis = IORedis | Cluster;

/** How long writes on a command connection wait for a replica (see `RedisEndpoint.waitReplicaMs`). */
const replicaWaits = new WeakMap<Redis, number>();

/**
 * The node connection of a Cluster that carried the last write to `key`: the master the client's
 * slot map names for its slot (the same connection, since ioredis sends a keyed command, a
 * pipeline or a transaction through `slots[slot][0]`), and whether that slot has a replica.
 */
function writerOf(cluster: Cluster, key: string): { node: IORedis; replicated: boolean } | undefined {
  const holders = cluster.slots[keySlot(key)];
  const master = holders?.[0];
  const node = cluster.nodes('master').find((each) => `${each.options.host}:${each.options.port}` === master);
  return node && holders ? { node, replicated: holders.length > 1 } : undefined;
}

/**
 * Asynchronous replication loses what a primary acknowledged but died before passing on: after a
 * write to `key` that must survive a failover, wait for one replica to have it (bounded, never
 * failing the write). WAIT counts what this connection wrote, so on a Cluster it goes to the node
 * connection that took the write (a keyless `cluster.wait()` would go to a random node and
 * answer for nothing); a slot with no replica is not waited on. Off unless the connection was
 * made with `waitReplicaMs`. Resolves with the replicas that have it, or undefined when off.
 */
export async function onReplica(redis: Redis, key: string): Promise<number | undefined> {
  const ms = replicaWaits.get(redis);
  if (!ms) return undefined;
  if (!(redis instanceof Cluster)) return redis.wait(1, ms).catch(() => 0);
  const writer = writerOf(redis, key);
  if (!writer?.replicated) return 0;
  return writer.node.wait(1, ms).catch(() => 0);
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
    const cluster = withScripts(
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
    if (kind === 'command' && target.waitReplicaMs) replicaWaits.set(cluster, target.waitReplicaMs);
    return cluster;
  }
  if (target.sentinel) {
    const connection = withScripts(
      new IORedis({
        ...urlSettings(target.url),
        ...options,
        sentinels: target.sentinel.nodes.map(({ host, port }) => ({ host, port })),
        name: target.sentinel.name,
        // Follows a failover as soon as the sentinels announce it (see sentinel-connector.ts).
        Connector: FailoverFollowingConnector,
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
 * A master's view of its Cluster: every slot served by a master that answers. A slot whose master
 * is failing counts even with `cluster-require-full-coverage no`, where the other slots still work.
 */
function clusterWhole(info: string): boolean {
  return info.includes('cluster_state:ok') && !/cluster_slots_(?:p?fail):[1-9]/.test(info);
}

/**
 * Every slot has a master the client is connected to. ioredis drops a node whose connection ended
 * from its pool at once, while the other masters notice it only after `cluster-node-timeout`.
 */
function slotsServed(cluster: Cluster, masters: readonly IORedis[]): boolean {
  const connected = new Set(masters.map((master) => `${master.options.host}:${master.options.port}`));
  for (let slot = 0; slot < 16_384; slot++) {
    const master = cluster.slots[slot]?.[0];
    if (!master || !connected.has(master)) return false;
  }
  return true;
}

/** A readiness probe that has not answered by then is a no: probes time out after a second or two. */
export const ROUND_TRIP_MS = 1500;

/**
 * A real round trip, not just a PING: every master of a Cluster answers that every slot is served
 * (or the one server answers), and a read of each of `keys` is served by its slot's node (the queues' slot, the global slot, an
 * incident's). A slot whose master is gone fails it, as the work on that slot would; so does an
 * answer slower than `timeoutMs` (a Sentinel set with no primary queues commands until one is
 * named, a Cluster node that died may take its connect timeout to say so).
 */
export async function redisRoundTrip(
  redis: Redis,
  keys: readonly string[],
  timeoutMs = ROUND_TRIP_MS,
): Promise<boolean> {
  const trip = async () => {
    if (redis instanceof Cluster) {
      const masters = redis.nodes('master');
      if (!slotsServed(redis, masters)) return false;
      const views = await Promise.all(masters.map((master) => master.call('CLUSTER', 'INFO')));
      if (!views.every((view) => clusterWhole(String(view)))) return false;
    } else if ((await redis.ping()) !== 'PONG') return false;
    await Promise.all(keys.map((key) => redis.exists(key)));
    return true;
  };
  return withinMs(timeoutMs, trip(), 'a round trip').catch(() => false);
}

/**
 * QUIT waits in the offline queue behind commands that wait for a reconnect: a connection that is
 * not ready, or does not answer QUIT in time, is cut instead.
 */
export async function closeRedis(redis: Redis, timeoutMs = ROUND_TRIP_MS): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await withinMs(timeoutMs, redis.quit(), 'QUIT');
  } catch {
    redis.disconnect();
  }
}

/** Resolves once `misses` round trips over `keys` in a row failed; undefined if `signal` aborts first. */
export async function untilRedisStopsAnswering(
  redis: Redis,
  keys: readonly string[],
  options: { misses: number; signal: AbortSignal },
): Promise<true | undefined> {
  let missed = 0;
  while (!options.signal.aborted) {
    missed = (await redisRoundTrip(redis, keys)) ? 0 : missed + 1;
    if (missed >= options.misses) return true;
    await sleep(ROUND_TRIP_MS, undefined, { signal: options.signal }).catch(() => undefined);
  }
  return undefined;
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
