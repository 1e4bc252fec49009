import type { MetricName, TelemetrySnapshot } from '../../domain/telemetry.js';
import { type CrossingDirection, predictCrossing } from './crossing.js';
import type { Forecast } from './holt.js';

export interface TroubleThreshold {
  metric: MetricName;
  threshold: number;
  direction: CrossingDirection;
  /** What crossing means, as said to a human: "disk full". */
  means: string;
}

/** The lines a forecast may not cross. One table, so a new signal is one row. */
export const TROUBLE_THRESHOLDS: readonly TroubleThreshold[] = [
  { metric: 'memory_pct', threshold: 95, direction: 'above', means: 'memory exhausted' },
  { metric: 'disk_pct', threshold: 95, direction: 'above', means: 'disk full' },
  { metric: 'pool_used_pct', threshold: 100, direction: 'above', means: 'connection pool exhausted' },
  { metric: 'latency_p99_ms', threshold: 2000, direction: 'above', means: 'p99 latency over 2000 ms' },
];

export interface PredictedTrouble {
  service: string;
  metric: MetricName;
  threshold: number;
  direction: CrossingDirection;
  /** Minutes from the snapshot until the forecast's mean crosses, rounded. */
  inMinutes: number;
  /** The error band's edges in minutes; `latest` is null when the optimistic edge never crosses. */
  earliest: number;
  latest: number | null;
  /** "disk full on storage in about 18 min (12–25)" */
  summary: string;
  /** What a chart needs: the observed series, its step, and the forecast that follows it. */
  series: readonly number[];
  stepMinutes: number;
  forecast: Forecast;
}

export interface PredictOptions {
  horizonMinutes?: number;
  thresholds?: readonly TroubleThreshold[];
}

/** Snapshots carry one point a minute (see ServiceTelemetry). */
const SNAPSHOT_STEP_MINUTES = 1;

function describe(
  means: string,
  service: string,
  inMinutes: number,
  earliest: number,
  latest: number | null,
) {
  const band = latest === null ? `${earliest} min or later` : `${earliest}–${latest}`;
  const when = inMinutes === 0 ? 'any minute now' : `in about ${inMinutes} min`;
  return `${means} on ${service} ${when} (${band})`;
}

/** Every service and signal whose forecast crosses its threshold within the horizon, soonest first. */
export function predictTrouble(
  snapshot: TelemetrySnapshot,
  options: PredictOptions = {},
): PredictedTrouble[] {
  const horizonMinutes = options.horizonMinutes ?? 30;
  const thresholds = options.thresholds ?? TROUBLE_THRESHOLDS;
  const findings: PredictedTrouble[] = [];
  for (const [service, telemetry] of Object.entries(snapshot.services)) {
    for (const { metric, threshold, direction, means } of thresholds) {
      const series = telemetry.metrics[metric];
      if (series === undefined) continue;
      const crossing = predictCrossing(series, threshold, {
        stepMinutes: SNAPSHOT_STEP_MINUTES,
        horizonMinutes,
        direction,
      });
      if (crossing === undefined) continue;
      const inMinutes = Math.round(crossing.crossesInMinutes);
      // Rounded outwards; the nudge keeps float dust (7.9999…) from widening an exact band.
      const earliest = Math.floor(crossing.band.earliest + 1e-6);
      const latest = crossing.band.latest === null ? null : Math.ceil(crossing.band.latest - 1e-6);
      findings.push({
        service,
        metric,
        threshold,
        direction,
        inMinutes,
        earliest,
        latest,
        summary: describe(means, service, inMinutes, earliest, latest),
        series,
        stepMinutes: SNAPSHOT_STEP_MINUTES,
        forecast: crossing.forecast,
      });
    }
  }
  return findings.sort((a, b) => a.inMinutes - b.inMinutes || a.service.localeCompare(b.service));
}
