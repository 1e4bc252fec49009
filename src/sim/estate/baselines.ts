import { METRIC_NAMES, type MetricName } from '../../domain/telemetry.js';
import type { ServiceName } from '../services.js';
import type { EstateState } from './estate-state.js';

const LATENCY_P99_MS: Readonly<Record<ServiceName, number>> = {
  'web-edge': 180,
  api: 120,
  auth: 90,
  database: 25,
  cache: 3,
  worker: 400,
  storage: 30,
  network: 2,
};

const MEMORY_PCT: Readonly<Record<ServiceName, number>> = {
  'web-edge': 38,
  api: 45,
  auth: 40,
  database: 60,
  cache: 55,
  worker: 48,
  storage: 35,
  network: 30,
};

const CPU_PCT: Readonly<Record<ServiceName, number>> = {
  'web-edge': 32,
  api: 38,
  auth: 25,
  database: 42,
  cache: 20,
  worker: 45,
  storage: 28,
  network: 15,
};

const FLAT: Readonly<Partial<Record<MetricName, number>>> = {
  error_rate_pct: 0.3,
  restarts: 0,
  pool_used_pct: 40,
  packet_loss_pct: 0.05,
  cache_hit_pct: 94,
  upstream_5xx_pct: 0.2,
};

const POOLED: ReadonlySet<ServiceName> = new Set(['api', 'auth', 'database', 'worker']);

/** Metrics only some services export; every other metric is reported by all of them. */
const ONLY_WHERE: Readonly<Partial<Record<MetricName, (service: ServiceName) => boolean>>> = {
  pool_used_pct: (service) => POOLED.has(service),
  packet_loss_pct: (service) => service === 'network',
  cache_hit_pct: (service) => service === 'cache',
  upstream_5xx_pct: (service) => service !== 'network',
};

/** The metrics a service exports: pools, packet loss and hit ratio only where they exist. */
export function reportedMetrics(service: ServiceName): MetricName[] {
  return METRIC_NAMES.filter((metric) => ONLY_WHERE[metric]?.(service) ?? true);
}

export function baselineValue(state: EstateState, service: ServiceName, metric: MetricName): number {
  switch (metric) {
    case 'latency_p99_ms':
      return LATENCY_P99_MS[service];
    case 'memory_pct':
      return MEMORY_PCT[service];
    case 'cpu_pct':
      return CPU_PCT[service];
    case 'disk_pct':
      return state.services[service].diskBaselinePct;
    default:
      return FLAT[metric] ?? 0;
  }
}

/** How much a healthy series wobbles minute to minute. */
const JITTER: Readonly<Record<MetricName, { absolute?: number; relative?: number }>> = {
  error_rate_pct: { absolute: 0.15 },
  latency_p99_ms: { relative: 0.06 },
  memory_pct: { absolute: 2 },
  cpu_pct: { absolute: 4 },
  restarts: {},
  disk_pct: { absolute: 0.3 },
  pool_used_pct: { absolute: 4 },
  packet_loss_pct: { absolute: 0.03 },
  cache_hit_pct: { absolute: 1.5 },
  upstream_5xx_pct: { absolute: 0.1 },
};

/** Symmetric noise of the metric's size; `unit` is a draw in [0, 1). */
export function jitterFor(metric: MetricName, value: number, unit: number): number {
  const spec = JITTER[metric];
  const size = (spec.absolute ?? 0) + (spec.relative ?? 0) * value;
  return (unit * 2 - 1) * size;
}

export function isPercentMetric(metric: MetricName): boolean {
  return metric.endsWith('_pct');
}
