import type {
  LogLine,
  MetricName,
  ServiceTelemetry,
  TelemetryEvent,
  TelemetrySnapshot,
} from './telemetry.js';

/** The read-only tools specialists see telemetry through. */

export interface MetricStats {
  latest: number;
  /** Median of the window's first quarter: what the service looked like before things moved. */
  baseline: number;
  peak: number;
  delta: number;
  series: readonly number[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

const MINUTE_MS = 60_000;

export function serviceTelemetry(snapshot: TelemetrySnapshot, service: string): ServiceTelemetry | undefined {
  // `service` comes from alerts: a parsed record would answer `constructor` from Object's prototype.
  return Object.hasOwn(snapshot.services, service) ? snapshot.services[service] : undefined;
}

export function listServices(snapshot: TelemetrySnapshot): string[] {
  return Object.keys(snapshot.services);
}

export function metricStats(
  snapshot: TelemetrySnapshot,
  service: string,
  metric: MetricName,
): MetricStats | null {
  const series = serviceTelemetry(snapshot, service)?.metrics[metric];
  const latest = series?.[series.length - 1];
  if (!series || latest === undefined) return null;
  const baseline = median(series.slice(0, Math.max(3, Math.floor(series.length / 4))));
  return { latest, baseline, peak: Math.max(...series), delta: latest - baseline, series };
}

/** Log lines of a service whose message matches; a string pattern matches case-insensitively. */
export function searchLogs(
  snapshot: TelemetrySnapshot,
  service: string,
  pattern: RegExp | string,
): LogLine[] {
  const logs = serviceTelemetry(snapshot, service)?.logs ?? [];
  const matches =
    typeof pattern === 'string'
      ? (message: string) => message.toLowerCase().includes(pattern.toLowerCase())
      : (message: string) => new RegExp(pattern.source, pattern.flags.replace('g', '')).test(message);
  return logs.filter((line) => matches(line.message));
}

/** Events of a service, newest first, optionally of one type. */
export function recentEvents(snapshot: TelemetrySnapshot, service: string, type?: string): TelemetryEvent[] {
  const events = serviceTelemetry(snapshot, service)?.events ?? [];
  return events
    .filter((event) => type === undefined || event.type === type)
    .sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * When the metric's latest run at or above `threshold` began (ISO time of its first point), or null
 * when the latest point is below it.
 */
export function firstCrossing(
  snapshot: TelemetrySnapshot,
  service: string,
  metric: MetricName,
  threshold: number,
): string | null {
  const series = serviceTelemetry(snapshot, service)?.metrics[metric] ?? [];
  let start = series.length;
  while (start > 0 && (series[start - 1] ?? Number.NEGATIVE_INFINITY) >= threshold) start -= 1;
  if (start === series.length) return null;
  const end = Date.parse(snapshot.generatedAt);
  return new Date(end - (series.length - 1 - start) * MINUTE_MS).toISOString();
}

const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(series: readonly number[]): string {
  if (series.length === 0) return '';
  const low = Math.min(...series);
  const span = Math.max(...series) - low;
  return series
    .map((value) => BARS[span === 0 ? 0 : Math.round(((value - low) / span) * (BARS.length - 1))] ?? '▁')
    .join('');
}
