import { FAULT_KINDS, type FaultKind } from '../../../src/domain/faults.js';
import type { MetricName, TelemetrySnapshot } from '../../../src/domain/telemetry.js';
import { metricStats, recentEvents, searchLogs } from '../../../src/domain/telemetry-tools.js';
import { type EstateState, initialEstate, injectFault } from '../../../src/sim/estate/estate-state.js';
import { generateTelemetry } from '../../../src/sim/estate/telemetry-generator.js';
import { FAULT_TARGETS } from '../../../src/sim/fault-targets.js';
import type { ServiceName } from '../../../src/sim/services.js';

export const NOW = new Date('2025-03-01T12:00:00Z');
export const INJECTED_AT = new Date(NOW.getTime() - 5 * 60_000);

export function estateWith(kind: FaultKind, service: ServiceName, at: Date = INJECTED_AT): EstateState {
  return injectFault(initialEstate(), service, kind, at);
}

export function snapshotOf(state: EstateState, seed = 1, noise = true): TelemetrySnapshot {
  return generateTelemetry(state, { seed, now: NOW, noise });
}

/** Every fault with every service it applies to. */
export const FAULT_CASES = FAULT_KINDS.flatMap((kind) =>
  FAULT_TARGETS[kind].appliesTo.map((service) => ({ kind, service })),
);

function latest(snapshot: TelemetrySnapshot, service: string, metric: MetricName): number {
  return metricStats(snapshot, service, metric)?.latest ?? Number.NaN;
}

/** Each fault's own signature, written independently of the rule reasoner's checks. */
export const SIGNATURE_SHOWN: Readonly<
  Record<FaultKind, (snapshot: TelemetrySnapshot, service: string) => boolean>
> = {
  crash: (s, svc) =>
    searchLogs(s, svc, /OOMKilled \(exit code 137\)/).length > 0 &&
    (metricStats(s, svc, 'restarts')?.delta ?? 0) >= 3,
  slow: (s, svc) =>
    latest(s, svc, 'latency_p99_ms') >= 4000 &&
    latest(s, svc, 'pool_used_pct') >= 95 &&
    searchLogs(s, svc, 'connection pool exhausted').length > 0,
  bad_config: (s, svc) =>
    searchLogs(s, svc, 'invalid DATABASE_URL').length > 0 &&
    recentEvents(s, svc, 'config_change').some((e) => e.message.includes('DATABASE_URL')),
  memory_leak: (s, svc) => latest(s, svc, 'memory_pct') >= 88 && searchLogs(s, svc, 'GC overhead').length > 0,
  dependency_down: (s, svc) =>
    searchLogs(s, svc, '503 Service Unavailable').length > 0 && latest(s, svc, 'upstream_5xx_pct') >= 30,
  web_5xx: (s, svc) =>
    latest(s, svc, 'error_rate_pct') > 20 &&
    recentEvents(s, svc, 'deploy').some((e) => !e.message.includes('no code change')),
  disk_full: (s, svc) => latest(s, svc, 'disk_pct') >= 98 && searchLogs(s, svc, 'ENOSPC').length > 0,
  network_partition: (s, svc) =>
    latest(s, svc, 'packet_loss_pct') >= 35 && searchLogs(s, svc, 'timed out').length > 0,
  cache_stampede: (s, svc) => latest(s, svc, 'cache_hit_pct') <= 20,
};

/** Latency, errors or upstream 5xx clearly above the service's own baseline. */
export function showsSymptoms(snapshot: TelemetrySnapshot, service: string): boolean {
  const latency = metricStats(snapshot, service, 'latency_p99_ms');
  const errors = metricStats(snapshot, service, 'error_rate_pct');
  const upstream = metricStats(snapshot, service, 'upstream_5xx_pct');
  return (
    (latency !== null && latency.latest >= latency.baseline * 1.5) ||
    (errors !== null && errors.delta >= 1) ||
    (upstream !== null && upstream.delta >= 1)
  );
}
