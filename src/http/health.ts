import type { CustomRoute } from '@slack/bolt';
import { type Redis, redisRoundTrip } from '../store/redis.js';
import { sendJson } from './respond.js';

export interface ReadinessProbe {
  redis: Redis;
  /** Keys to read on the way (the queues' slot, an incident's…): on a Cluster each may live on another node. */
  probeKeys?: readonly string[];
  /** Names of the roles' workers and whether each runs; empty for a web-only process. */
  workers: () => Array<{ name: string; running: boolean }>;
}

/** `/healthz`: the process answers. `/readyz`: Redis serves a round trip and every worker of this process runs. */
export function healthRoutes(probe: ReadinessProbe): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => sendJson(res, 200, { ok: true }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: async (_req, res) => {
        const redis = await redisRoundTrip(probe.redis, probe.probeKeys ?? []);
        const workers = probe.workers();
        const ready = redis && workers.every((worker) => worker.running);
        sendJson(res, ready ? 200 : 503, { ok: ready, redis, workers });
      },
    },
  ];
}
