import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { startWarroom } from '../src/main.js';
import { alertmanagerPayload } from '../test/support/alertmanager-payloads.js';
import { benchPrefix, dropPrefix, REDIS_URL, silent } from './support.js';

export interface IngestFigures {
  alerts: number;
  acceptedPerSecond: number;
  processedPerSecond: number;
  bareAddBulkPerSecond: number;
  incidents: number;
}

/** The yardstick: BullMQ's own addBulk of 1,000 small jobs, on the same Redis. */
async function bareAddBulkPerSecond(): Promise<number> {
  const prefix = benchPrefix('bulk');
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('bulk', { connection, prefix });
  const jobs = Array.from({ length: 1000 }, (_, index) => ({ name: 'noop', data: { index } }));
  await queue.addBulk(jobs.slice(0, 100));
  const started = performance.now();
  await queue.addBulk(jobs);
  const elapsed = performance.now() - started;
  await queue.close();
  connection.disconnect();
  await dropPrefix(prefix);
  return 1000 / (elapsed / 1000);
}

/**
 * Posts `alerts` as Alertmanager batches of 100 to the real app (web and workers in one process,
 * Slack pointed at nothing reachable and outbox off the clock), then waits for the ingest queue.
 */
export async function measureIngest(alerts = 10_000, services = 50): Promise<IngestFigures> {
  const prefix = benchPrefix('ingest');
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: '0',
    WEBHOOK_TOKEN: 'bench',
    LOG_LEVEL: 'silent',
  });
  const warroom = await startWarroom(config, {
    logger: silent,
    botIdentity: { botId: 'B1', botUserId: 'U1' },
  });
  const now = Date.now();
  const batches: string[] = [];
  for (let offset = 0; offset < alerts; offset += 100) {
    const slice = Array.from({ length: Math.min(100, alerts - offset) }, (_, i) => {
      const index = offset + i;
      return {
        service: `svc-${index % services}`,
        alertname: `Symptom${Math.floor(index / services) % 50}`,
        instance: `node-${Math.floor(index / (services * 50))}`,
        startsAt: new Date(now - (index % 60) * 1000),
      };
    });
    batches.push(JSON.stringify(alertmanagerPayload(slice)));
  }
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async (_, lane) => {
      for (let index = lane; index < batches.length; index += 4) {
        const response = await fetch(`${warroom.url}/webhooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
          body: batches[index],
        });
        if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
  const acceptedMs = performance.now() - started;
  const queue = warroom.runtime.ctx.queues.queue('ingest');
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
    if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const processedMs = performance.now() - started;
  const incidents = (await warroom.runtime.ctx.tickets.listRecent(10_000)).length;
  await warroom.close();
  await dropPrefix(prefix);
  return {
    alerts,
    acceptedPerSecond: alerts / (acceptedMs / 1000),
    processedPerSecond: alerts / (processedMs / 1000),
    bareAddBulkPerSecond: await bareAddBulkPerSecond(),
    incidents,
  };
}
