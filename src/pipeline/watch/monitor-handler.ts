import { z } from 'zod';
import { predictTrouble } from '../../agents/forecast/index.js';
import type { PipelineContext } from '../context.js';
import { createQueueSink } from '../ingest/queue-sink.js';
import { QUEUE_NAMES, SWEEP_OPTIONS } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';
import {
  forecastAlert,
  forecastFingerprint,
  type MonitoredHealth,
  monitorAlerts,
  monitorFingerprint,
  targetAlerts,
  targetFingerprint,
} from './monitor-alerts.js';

export const MONITOR_SCHEDULER_ID = 'health-monitor';

/**
 * How long a sent alert state counts as on its way: ingest places it within this (the sweep's
 * `firing in an open incident` check then takes over), so sweeps that come sooner do not send it again.
 */
export function inFlightMs(intervalSeconds: number): number {
  return Math.max(10_000, 5 * intervalSeconds * 1000);
}

/**
 * Every service's health through the health probe (the catalog's rules over Prometheus, or the
 * simulated estate), every few seconds, and a forecast of where its memory, disk, pool and
 * latency are heading: findings become alerts on the ingest path (changes only).
 */
export async function handleMonitorSweep(ctx: PipelineContext): Promise<void> {
  const now = ctx.now();
  const services = ctx.directory.names();
  const [reports, snapshot, openTickets, targets] = await Promise.all([
    ctx.health.probe(services, now),
    ctx.telemetry.snapshot(null, now),
    ctx.tickets.listOpen(),
    ctx.telemetry.targets?.(now) ?? [],
  ]);
  const health = reports.map(
    (report): MonitoredHealth => ({
      service: report.service,
      status: report.state,
      ...(report.score === undefined ? {} : { score: report.score }),
      reasons: report.reasons,
    }),
  );
  const predictions = predictTrouble(snapshot);
  const open = new Set(openTickets.map((ticket) => ticket.id));
  const fingerprints = [
    ...services.map(monitorFingerprint),
    ...predictions.map((finding) => forecastFingerprint(finding.service, finding.metric)),
    ...targets.map(targetFingerprint),
  ];
  const known = await ctx.alerts.known(fingerprints);
  const firingInOpen = (fingerprint: string) => {
    const series = known.get(fingerprint);
    return series?.status === 'firing' && open.has(series.incidentId);
  };
  const firing = new Set(services.filter((service) => firingInOpen(monitorFingerprint(service))));
  const alerts = [
    ...monitorAlerts(health, firing, now),
    ...predictions
      .filter((finding) => !firingInOpen(forecastFingerprint(finding.service, finding.metric)))
      .map((finding) => forecastAlert(finding, now)),
    ...targetAlerts(targets, new Set(targets.map(targetFingerprint).filter(firingInOpen)), now),
  ];
  const ttlMs = inFlightMs(ctx.settings.monitorIntervalSeconds);
  const claimed = await Promise.all(
    alerts.map((alert) => ctx.alerts.claimSend(alert.fingerprint, alert.status, ttlMs)),
  );
  const unsent = alerts.filter((_, index) => claimed[index]);
  if (unsent.length === 0) return;
  await createQueueSink(ctx.alerts, ctx.queues).accept({
    source: 'generic',
    alerts: unsent,
    receivedAt: now.toISOString(),
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

export const monitorSweepJob = defineJob({
  name: 'monitor-sweep',
  input: z.object({}),
  options: SWEEP_OPTIONS,
  run: (ctx) => handleMonitorSweep(ctx),
});
