import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { type RedisProcess, redisGroup, startRedisProcess } from './redis-processes.js';
import { waitFor } from './test-runtime.js';

const run = promisify(execFile);

/** A real Redis Cluster of three masters with one replica each, private on loopback ports. */
export interface RedisClusterSet {
  /** The three masters (the first three nodes), then their replicas. */
  nodes: RedisProcess[];
  /** The masters' ports. */
  masters(): number[];
  /** The replica of the master on `port`. */
  replicaOf(port: number): RedisProcess;
  /** A client on the node at `port` (closed with the set). */
  client(port: number): Redis;
  /** The master serving `key`'s slot. */
  nodeOf(key: string): Promise<number>;
  /** How many keys matching `pattern` each master holds, by port. */
  keysPerNode(pattern: string): Promise<Map<number, number>>;
  dispose(): Promise<void>;
}

export async function startRedisCluster(): Promise<RedisClusterSet> {
  const group = redisGroup();
  const nodes = group.processes;
  try {
    for (let index = 0; index < 6; index++) {
      // A bus port of its own: the default, port + 10000, may be taken by another process.
      const busPort = await freeLoopbackPort();
      group.add(
        await startRedisProcess(
          'redis-server',
          [
            'cluster-enabled yes',
            'cluster-config-file nodes.conf',
            'cluster-node-timeout 2000',
            `cluster-port ${busPort}`,
          ],
          /Ready to accept connections/,
        ),
      );
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
    const clients = nodes.map((node) => group.client(node.port));
    // Every node must agree the cluster is whole before a client is pointed at it.
    await waitFor(
      async () => {
        const infos = await Promise.all(clients.map((client) => client.call('CLUSTER', 'INFO')));
        return infos.every((info) => String(info).includes('cluster_state:ok')) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'the cluster to be ok on every node' },
    );
    // Each replica names its master once it is in sync with it.
    const masterOf = new Map<number, number>();
    await waitFor(
      async () => {
        for (const [index, client] of clients.entries()) {
          const info = String(await client.call('INFO', 'replication'));
          const master = /master_port:(\d+)/.exec(info)?.[1];
          if (info.includes('role:slave') && info.includes('master_link_status:up') && master) {
            masterOf.set(nodes[index]?.port ?? 0, Number(master));
          }
        }
        if (masterOf.size < 3) return undefined;
        // And every node names the replicas in CLUSTER SLOTS (gossip), as clients learn them there.
        const views = await Promise.all(clients.map((client) => client.call('CLUSTER', 'SLOTS')));
        const whole = (views as unknown[][][]).every((ranges) => ranges.every((range) => range.length >= 4));
        return whole ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'every replica to sync with its master' },
    );
    const first = clients[0];
    if (!first) throw new Error('no cluster node');
    return {
      nodes,
      masters: () => [...new Set(masterOf.values())],
      replicaOf(port) {
        const replica = nodes.find((node) => masterOf.get(node.port) === port);
        if (!replica) throw new Error(`no replica of ${port}`);
        return replica;
      },
      client: (port) => group.client(port),
      async nodeOf(key) {
        const slot = Number(await first.call('CLUSTER', 'KEYSLOT', key));
        const ranges = (await first.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
        const range = ranges.find(([from, to]) => slot >= from && slot <= to);
        if (!range) throw new Error(`no node serves slot ${slot}`);
        return range[2][1];
      },
      async keysPerNode(pattern) {
        const counts = new Map<number, number>();
        await Promise.all(
          clients.map(async (client, index) => {
            let count = 0;
            let cursor = '0';
            do {
              const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
              cursor = next;
              count += batch.length;
            } while (cursor !== '0');
            counts.set(nodes[index]?.port ?? 0, count);
          }),
        );
        return counts;
      },
      dispose: group.dispose,
    };
  } catch (error) {
    await group.dispose();
    throw error;
  }
}
