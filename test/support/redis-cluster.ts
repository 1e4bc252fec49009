import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type RedisProcess, redisGroup, startRedisProcess } from './redis-processes.js';
import { waitFor } from './test-runtime.js';

const run = promisify(execFile);

/** A real Redis Cluster of three masters (no replicas), private on loopback ports. */
export interface RedisClusterSet {
  nodes: RedisProcess[];
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
    for (let index = 0; index < 3; index++) {
      group.add(
        await startRedisProcess(
          'redis-server',
          ['cluster-enabled yes', 'cluster-config-file nodes.conf', 'cluster-node-timeout 2000'],
          /Ready to accept connections/,
        ),
      );
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      '--cluster-replicas',
      '0',
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
    const first = clients[0];
    if (!first) throw new Error('no cluster node');
    return {
      nodes,
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
