import type { RcaOutput } from '../../agents/schemas.js';
import type { FaultKind } from '../../domain/faults.js';
import type { MetricName, TelemetrySnapshot } from '../../domain/telemetry.js';
import { sparkline } from '../../domain/telemetry-tools.js';

/** The series that shows each fault best on its root service. */
const FAULT_METRIC: Readonly<Record<FaultKind, MetricName>> = {
  crash: 'restarts',
  slow: 'latency_p99_ms',
  bad_config: 'error_rate_pct',
  memory_leak: 'memory_pct',
  dependency_down: 'upstream_5xx_pct',
  web_5xx: 'error_rate_pct',
  disk_full: 'disk_pct',
  network_partition: 'packet_loss_pct',
  cache_stampede: 'cache_hit_pct',
};

export interface IncidentChart {
  service: string;
  metric: MetricName;
  series: number[];
  /** The span the series covers: its points are spread over it, one a minute by default. */
  windowMinutes: number;
  /** `memory_pct on worker ▁▂▃▅▇█ 45 → 92 (last 30 min)` */
  line: string;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** The telemetry behind the root cause: its key series on the root service, as the crew saw it. */
export function incidentChart(
  rca: RcaOutput | undefined,
  telemetry: TelemetrySnapshot | undefined,
): IncidentChart | undefined {
  if (!rca || !telemetry || rca.fault === 'unknown') return undefined;
  const metric = FAULT_METRIC[rca.fault];
  // The root service is a model's answer: a parsed record would answer `constructor` from its prototype.
  const root = Object.hasOwn(telemetry.services, rca.rootService)
    ? telemetry.services[rca.rootService]
    : undefined;
  const series = root?.metrics[metric];
  if (!series || series.length < 2) return undefined;
  const first = series[0] ?? 0;
  const last = series.at(-1) ?? 0;
  return {
    service: rca.rootService,
    metric,
    series: [...series],
    windowMinutes: telemetry.windowMinutes,
    line: `\`${metric}\` on ${rca.rootService} ${sparkline(series)} ${round(first)} → ${round(last)} (last ${telemetry.windowMinutes} min)`,
  };
}
