import type { CustomRoute } from '@slack/bolt';
import type { Redis } from '../store/redis.js';
import { sendJson } from './respond.js';

export interface ReadinessProbe {
  redis: Redis;
  /** Names of the roles' workers and whether each runs; empty for a web-only process. */
  workers: () => Array<{ name: string; running: boolean }>;
}

/** `/healthz`: the process answers. `/readyz`: Redis answers and every worker of this process runs. */
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
        const redis = await probe.redis
          .ping()
          .then((answer) => answer === 'PONG')
          .catch(() => false);
        const workers = probe.workers();
        const ready = redis && workers.every((worker) => worker.running);
        sendJson(res, ready ? 200 : 503, { ok: ready, redis, workers });
      },
    },
  ];
}
