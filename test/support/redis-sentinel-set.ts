import type { Redis } from 'ioredis';
import { type RedisProcess, redisGroup, startRedisProcess } from './redis-processes.js';
import { waitFor } from './test-runtime.js';

export const SENTINEL_SET_NAME = 'warroom-test';

/**
 * A primary, one replica and three sentinels (quorum 2) watching them, all private on loopback
 * ports: a primary that stops answering for a second is failed over.
 */
export interface SentinelSet {
  primary: RedisProcess;
  replica: RedisProcess;
  sentinels: RedisProcess[];
  /** The primary's port as the sentinels name it now. */
  primaryPort(): Promise<number>;
  /** Resolves with the new primary's port once the sentinels name another one than `oldPort`. */
  failedOverFrom(oldPort: number, timeoutMs?: number): Promise<number>;
  /** The server process (primary or replica) on `port`. */
  serverOn(port: number): RedisProcess;
  /** Starts a killed server again and waits until the sentinels made it a replica in sync. */
  rejoin(server: RedisProcess): Promise<void>;
  /** A client on the process at `port` (closed with the set). */
  client(port: number): Redis;
  dispose(): Promise<void>;
}

export async function startSentinelSet(): Promise<SentinelSet> {
  const group = redisGroup();
  try {
    const primary = group.add(await startRedisProcess('redis-server', [], /Ready to accept connections/));
    const replica = group.add(
      await startRedisProcess(
        'redis-server',
        [`replicaof 127.0.0.1 ${primary.port}`],
        /MASTER <-> REPLICA sync: Finished with success/,
      ),
    );
    const sentinels: RedisProcess[] = [];
    for (let index = 0; index < 3; index++) {
      const sentinel = await startRedisProcess(
        'redis-sentinel',
        [
          `sentinel monitor ${SENTINEL_SET_NAME} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${SENTINEL_SET_NAME} 1000`,
          `sentinel failover-timeout ${SENTINEL_SET_NAME} 5000`,
          `sentinel parallel-syncs ${SENTINEL_SET_NAME} 1`,
        ],
        /\+monitor master/,
      );
      sentinels.push(group.add(sentinel));
    }
    const client = (port: number) => group.client(port);
    const asked = sentinels.map((sentinel) => client(sentinel.port));
    const primaryPort = async () => {
      for (const sentinel of asked) {
        const answer = (await sentinel
          .call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_SET_NAME)
          .catch(() => null)) as [string, string] | null;
        if (answer) return Number(answer[1]);
      }
      throw new Error('no sentinel named a primary');
    };
    // Every sentinel must know the replica and the others before a failover can be agreed on.
    await waitFor(
      async () => {
        const views = await Promise.all(
          asked.map(async (sentinel) => {
            const [info] = (await sentinel.call('SENTINEL', 'MASTERS')) as string[][];
            const fields = new Map<string, string>();
            for (let at = 0; at + 1 < (info?.length ?? 0); at += 2) {
              fields.set(info?.[at] ?? '', info?.[at + 1] ?? '');
            }
            return fields.get('num-slaves') === '1' && fields.get('num-other-sentinels') === '2';
          }),
        );
        return views.every(Boolean) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'the sentinels to see the replica and each other' },
    );
    return {
      primary,
      replica,
      sentinels,
      primaryPort,
      client,
      failedOverFrom: (oldPort, timeoutMs = 30_000) =>
        waitFor(
          async () => {
            const port = await primaryPort();
            return port !== oldPort ? port : undefined;
          },
          { timeoutMs, intervalMs: 100, what: `the sentinels to fail over from ${oldPort}` },
        ),
      serverOn(port) {
        const found = [primary, replica].find((server) => server.port === port);
        if (!found) throw new Error(`no server on ${port}`);
        return found;
      },
      async rejoin(server) {
        await server.restart();
        const rejoined = client(server.port);
        // What the sentinels would do on their next look at it (up to 10 s away): follow the primary.
        await rejoined.call('REPLICAOF', '127.0.0.1', String(await primaryPort()));
        await waitFor(
          async () => {
            const info = String(await rejoined.call('INFO', 'replication'));
            if (!info.includes('role:slave') || !info.includes('master_link_status:up')) return undefined;
            // And every sentinel counts it again as a replica that answers, to fail over to.
            const views = await Promise.all(
              asked.map((sentinel) => sentinel.call('SENTINEL', 'REPLICAS', SENTINEL_SET_NAME)),
            );
            const answering = (views as string[][][]).every((replicas) =>
              replicas.some((fields) => {
                const at = (name: string) => fields[fields.indexOf(name) + 1];
                return at('port') === String(server.port) && !at('flags')?.includes('down');
              }),
            );
            return answering ? true : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 100, what: `${server.port} to rejoin as a replica` },
        );
      },
      dispose: group.dispose,
    };
  } catch (error) {
    await group.dispose();
    throw error;
  }
}
