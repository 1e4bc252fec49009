import type { CustomRoute } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Config } from '../config.js';
import { workloadServices } from '../kubernetes/workload-binding.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import { createQueueSink } from '../pipeline/ingest/queue-sink.js';
import { createIncidentHistory } from '../pipeline/retention/incident-history.js';
import type { Runtime } from '../runtime.js';
import { adminQueuesRoutes } from './admin-queues.js';
import { createAuthThrottle } from './auth-throttle.js';
import { changesApiRoute } from './changes-api.js';
import { incidentsApiRoutes } from './incidents-api.js';
import { changeWebhookRoute } from './webhooks/change-webhook.js';
import { webhookRoutes } from './webhooks/index.js';

/** The web role's own routes beside Slack's: webhooks, the queue dashboard, the read-only API. */
export function webRoutes(options: {
  config: Config;
  runtime: Runtime;
  metrics: Metrics;
  queues: Queue[];
  logger: Logger;
}): CustomRoute[] {
  const { config, runtime, metrics, queues, logger } = options;
  // One budget of failed credentials per client address, whichever route they were tried on.
  const authThrottle = createAuthThrottle();
  const catalog = runtime.ctx.catalog;
  return [
    ...webhookRoutes({
      ...(config.WEBHOOK_TOKEN ? { webhookToken: config.WEBHOOK_TOKEN } : {}),
      ...(config.PAGERDUTY_WEBHOOK_SECRET ? { pagerdutySecrets: config.PAGERDUTY_WEBHOOK_SECRET } : {}),
      ...(config.GRAFANA_WEBHOOK_SECRET ? { grafanaSecret: config.GRAFANA_WEBHOOK_SECRET } : {}),
      sink: createQueueSink(runtime.ingest, runtime.ctx.queues),
      changes: runtime.ctx.changes,
      now: runtime.ctx.now,
      logger,
      ...(catalog
        ? {
            resolveService: (name: string) => catalog.find(name)?.name,
            resolveWorkload: workloadServices(catalog),
          }
        : {}),
      onResult: (source, result, alerts, rejected) => metrics.countWebhook(source, result, alerts, rejected),
      authThrottle,
    }),
    changeWebhookRoute({
      ...(config.WEBHOOK_TOKEN ? { webhookToken: config.WEBHOOK_TOKEN } : {}),
      changes: runtime.ctx.changes,
      now: runtime.ctx.now,
      logger,
      ...(catalog ? { resolveService: (name: string) => catalog.find(name)?.name } : {}),
      authThrottle,
    }),
    changesApiRoute({
      ...(config.CHANGE_API_TOKEN ? { changeApiToken: config.CHANGE_API_TOKEN } : {}),
      ...(config.API_TOKEN ? { apiToken: config.API_TOKEN } : {}),
      ctx: runtime.ctx,
      logger,
      authThrottle,
    }),
    ...adminQueuesRoutes({
      user: config.ADMIN_USER,
      password: config.ADMIN_PASSWORD,
      queues,
      logger,
      authThrottle,
    }),
    ...incidentsApiRoutes({
      apiToken: config.API_TOKEN,
      tickets: runtime.ctx.tickets,
      timeline: runtime.ctx.timeline,
      history: createIncidentHistory(runtime.ctx),
      logger,
      authThrottle,
    }),
  ];
}
