import type { ServiceTelemetry, TelemetrySnapshot } from '../domain/telemetry.js';
import type { ScrapeTarget, TelemetrySource } from '../domain/telemetry-source.js';
import type { Ticket } from '../domain/ticket.js';
import type { LogsPart, LokiSource } from './loki-source.js';
import type { MetricsPart, PrometheusSource } from './prometheus-source.js';

export interface RealTelemetryOptions {
  prometheus?: PrometheusSource;
  loki?: LokiSource;
  /** The simulated estate: serves every signal no real backend is configured for. */
  fallback: TelemetrySource;
  services: readonly string[];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `TelemetrySource` port over real backends: metrics from Prometheus, logs from Loki, each only
 * when configured. A configured backend that fails leaves its signal empty and says why in `notes`:
 * it is never papered over with simulated data, which an on-call engineer would take for real.
 * Events exist only in the simulated estate, so they come along only while metrics do too.
 */
export function createRealTelemetrySource(options: RealTelemetryOptions): TelemetrySource {
  const { prometheus, loki, fallback, services } = options;
  if (!prometheus && !loki) return fallback;

  return {
    ...(prometheus ? { targets: (now: Date) => scrapeTargets(prometheus, now) } : {}),
    async snapshot(ticket: Ticket | null, now: Date): Promise<TelemetrySnapshot> {
      const [metricsPart, logsPart, simulated] = await Promise.all([
        prometheus
          ?.metrics(services, now)
          .catch((error): MetricsPart => ({ metrics: {}, notes: [`prometheus: failed: ${message(error)}`] })),
        loki
          ?.logs(services, now)
          .catch((error): LogsPart => ({ logs: {}, notes: [`loki: failed: ${message(error)}`] })),
        prometheus && loki ? undefined : fallback.snapshot(ticket, now),
      ]);
      const notes = [...(metricsPart?.notes ?? []), ...(logsPart?.notes ?? [])];
      if (!metricsPart) notes.push('metrics and events: simulated estate (PROMETHEUS_URL not set)');
      if (!logsPart) notes.push('logs: simulated estate (LOKI_URL not set)');

      const servicesOut: Record<string, ServiceTelemetry> = {};
      for (const service of services) {
        const simulatedService = simulated?.services[service];
        servicesOut[service] = {
          service,
          metrics: metricsPart ? (metricsPart.metrics[service] ?? {}) : (simulatedService?.metrics ?? {}),
          logs: logsPart ? (logsPart.logs[service] ?? []) : (simulatedService?.logs ?? []),
          events: metricsPart ? [] : (simulatedService?.events ?? []),
        };
      }
      return {
        generatedAt: now.toISOString(),
        windowMinutes: prometheus?.windowMinutes ?? simulated?.windowMinutes ?? 30,
        source: metricsPart ? 'prometheus' : 'simulated',
        services: servicesOut,
        notes,
      };
    },
  };
}

/** Prometheus's own view of its targets: `up` per target, with the `service` label (else the job). */
export async function scrapeTargets(prometheus: PrometheusSource, now: Date): Promise<ScrapeTarget[]> {
  const answer = await prometheus.client.queryInstant('up', now, AbortSignal.timeout(5_000));
  if (!answer.ok) return [];
  return answer.value.map((series) => ({
    service: series.labels.service ?? series.labels.job ?? 'unknown',
    instance: series.labels.instance ?? 'unknown',
    up: series.value === 1,
  }));
}
