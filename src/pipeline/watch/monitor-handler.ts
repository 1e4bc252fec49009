import { estateHealth } from '../../domain/estate/health.js';
import { SERVICE_NAMES } from '../../domain/services.js';
import type { PipelineContext } from '../context.js';
import { createQueueSink } from '../ingest/queue-sink.js';
import { QUEUE_NAMES } from '../job-catalog.js';
import { monitorAlerts, monitorFingerprint } from './monitor-alerts.js';

export const MONITOR_SCHEDULER_ID = 'health-monitor';

/** Every service's health, every few seconds: findings become alerts on the ingest path. */
export async function handleMonitorSweep(ctx: PipelineContext): Promise<void> {
  const health = estateHealth(await ctx.estate.read());
  const open = new Set((await ctx.tickets.listOpen()).map((ticket) => ticket.id));
  const known = await ctx.alerts.known(SERVICE_NAMES.map(monitorFingerprint));
  const firing = new Set(
    SERVICE_NAMES.filter((service) => {
      const series = known.get(monitorFingerprint(service));
      return series?.status === 'firing' && open.has(series.incidentId);
    }),
  );
  const alerts = monitorAlerts(Object.values(health.services), firing, ctx.now());
  if (alerts.length === 0) return;
  await createQueueSink(ctx.alerts, ctx.queues).accept({
    source: 'generic',
    alerts,
    receivedAt: ctx.now().toISOString(),
  });
}

/** Starts (or re-times) the sweep; with an interval of 0 it is removed. Idempotent across processes. */
export async function scheduleMonitor(ctx: PipelineContext): Promise<void> {
  const queue = ctx.queues.queue(QUEUE_NAMES.incident);
  if (ctx.settings.monitorIntervalSeconds <= 0) {
    await queue.removeJobScheduler(MONITOR_SCHEDULER_ID);
    return;
  }
  await queue.upsertJobScheduler(
    MONITOR_SCHEDULER_ID,
    { every: Math.round(ctx.settings.monitorIntervalSeconds * 1000) },
    { name: 'monitor-sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
  );
}
