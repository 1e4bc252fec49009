import { z } from 'zod';
import { WorkloadEvidence } from './workload-evidence.js';

export const METRIC_NAMES = [
  'error_rate_pct',
  'latency_p99_ms',
  'memory_pct',
  'cpu_pct',
  'restarts',
  'disk_pct',
  'pool_used_pct',
  'packet_loss_pct',
  'cache_hit_pct',
  'upstream_5xx_pct',
] as const;
export const MetricName = z.enum(METRIC_NAMES);
export type MetricName = z.infer<typeof MetricName>;

export const LogLine = z.object({
  at: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error', 'fatal']),
  message: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

/** The event a real estate adds when Prometheus cannot scrape any of a service's targets (`up` is 0). */
export const SCRAPE_DOWN_EVENT = 'scrape_down';

export const TelemetryEvent = z.object({
  at: z.string(),
  type: z.string(),
  message: z.string(),
});
export type TelemetryEvent = z.infer<typeof TelemetryEvent>;

export const ServiceTelemetry = z.object({
  service: z.string(),
  /** One point a minute over the window, oldest first. */
  metrics: z.partialRecord(MetricName, z.array(z.number())),
  logs: z.array(LogLine),
  events: z.array(TelemetryEvent),
});
export type ServiceTelemetry = z.infer<typeof ServiceTelemetry>;

export const TelemetrySnapshot = z.object({
  generatedAt: z.string(),
  windowMinutes: z.number().int().positive(),
  source: z.enum(['simulated', 'prometheus']).default('simulated'),
  services: z.record(z.string(), ServiceTelemetry),
  /** What a real backend could not provide (timeouts, errors, no data), to be said in the thread. */
  notes: z.array(z.string()).optional(),
  /** The incident service's Kubernetes workload, when a Kubernetes executor is bound to it. */
  kubernetes: WorkloadEvidence.optional(),
});
export type TelemetrySnapshot = z.infer<typeof TelemetrySnapshot>;
