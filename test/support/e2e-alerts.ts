import { Redis } from 'ioredis';
import type { E2E } from './e2e.js';
import { waitFor } from './test-runtime.js';

export const E2E_WEBHOOK_TOKEN = 'e2e-webhook-token';
/** How long the storm test gives the outbox to show every card and thread: the flood test keeps to it. */
export const CARD_BUDGET_MS = 90_000;

/** POSTs JSON to the running app with the webhook bearer token; the status and the parsed answer. */
export async function postJson(e2e: E2E, path: string, body: unknown, token = E2E_WEBHOOK_TOKEN) {
  const response = await fetch(`${e2e.warroom.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Waits until the ingest queue has nothing waiting, active or delayed. */
export async function ingestDrained(e2e: E2E, timeoutMs = 60_000): Promise<void> {
  const queue = e2e.warroom.runtime.ctx.queues.queue('ingest');
  await waitFor(
    async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
      return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0 ? true : undefined;
    },
    { timeoutMs, what: 'the ingest queue to drain' },
  );
}

/** How many keys live under `prefix`, and the bytes Redis says they take (MEMORY USAGE, every sample). */
export async function redisFootprint(
  redisUrl: string,
  prefix: string,
): Promise<{ keys: number; bytes: number }> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    let keys = 0;
    let bytes = 0;
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      const pipeline = redis.pipeline();
      for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', 0);
      const sizes = (await pipeline.exec()) ?? [];
      keys += batch.length;
      bytes += sizes.reduce((sum, [, size]) => sum + (Number(size) || 0), 0);
    } while (cursor !== '0');
    return { keys, bytes };
  } finally {
    redis.disconnect();
  }
}
