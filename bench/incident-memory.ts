import { injectAndOpen } from '../src/pipeline/inject.js';
import { handleRetentionSweep } from '../src/pipeline/retention/retention-sweep.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { incidentKeyNames } from '../src/store/incident-retention.js';
import type { Keys } from '../src/store/keys.js';
import type { Redis } from '../src/store/redis.js';
import { benchPrefix, dropPrefix, median, REDIS_URL, silent } from './support.js';

const DAY = 24 * 3600 * 1000;

export interface IncidentMemory {
  incidents: number;
  /** Median bytes (MEMORY USAGE over its keys) while it waits for a decision. */
  openBytes: number;
  /** Median bytes once Resolved: every output, run and timeline entry written. */
  closedBytes: number;
  /** Bytes the global indexes lose per incident when the sweep evicts it (they hold no more of it). */
  indexBytesFreed: number;
}

async function bytesOf(redis: Redis, keys: readonly string[]): Promise<number> {
  const sizes = await Promise.all(keys.map((key) => redis.memory('USAGE', key, 'SAMPLES', '0')));
  return sizes.reduce<number>((sum, size) => sum + (typeof size === 'number' ? size : 0), 0);
}

const indexKeys = (keys: Keys) => [
  keys.allIncidents,
  keys.openIncidents,
  keys.closedIncidents,
  keys.alertIndex,
  keys.alertDeliveries,
  keys.slackRootIndex,
];

async function until(runtime: Runtime, id: string, status: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await runtime.ctx.tickets.get(id))?.status !== status) {
    if (Date.now() > deadline) throw new Error(`${id} never reached ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Redis memory of one incident (no Slack: the outbox's message records add about 2 KB), before and
 * after it closes, and what the retention sweep gives back from the global indexes.
 */
export async function measureIncidentMemory(incidents = 10): Promise<IncidentMemory> {
  const prefix = benchPrefix('memory');
  const runtime = createRuntime({
    redisUrl: REDIS_URL,
    prefix,
    logger: silent,
    settings: { autoRemediate: false },
  });
  runtime.startIncidentWorker({ concurrency: 8 });
  const open: number[] = [];
  const closed: number[] = [];
  try {
    for (let i = 0; i < incidents; i++) {
      const ticket = await injectAndOpen(runtime.ctx, { fault: 'crash', service: 'api', channel: null });
      await until(runtime, ticket.id, 'Awaiting_Approval');
      open.push(await bytesOf(runtime.redis, incidentKeyNames(runtime.keys, ticket.id)));
      const at = new Date().toISOString();
      await runtime.ctx.approvals.decide(ticket.id, 1, { kind: 'approved', by: 'U0BENCH', at });
      await runtime.ctx.queues.add('apply-decision', { incidentId: ticket.id, round: 1 });
      await until(runtime, ticket.id, 'Resolved');
      closed.push(await bytesOf(runtime.redis, incidentKeyNames(runtime.keys, ticket.id)));
    }
    const indexesBefore = await bytesOf(runtime.redis, indexKeys(runtime.keys));
    await handleRetentionSweep({ ...runtime.ctx, now: () => new Date(Date.now() + 200 * DAY) });
    const indexesAfter = await bytesOf(runtime.redis, indexKeys(runtime.keys));
    return {
      incidents,
      openBytes: median(open),
      closedBytes: median(closed),
      indexBytesFreed: (indexesBefore - indexesAfter) / incidents,
    };
  } finally {
    await runtime.close();
    await dropPrefix(prefix);
  }
}
