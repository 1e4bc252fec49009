import type { FaultKind } from '../../domain/faults.js';
import type { LogLine, MetricName, TelemetryEvent } from '../../domain/telemetry.js';
import { type MetricStats, sparkline } from '../../domain/telemetry-tools.js';
import type { Finding } from '../schemas.js';

export function formatNumber(value: number): string {
  if (Math.abs(value) >= 10) return String(Math.round(value));
  return String(Math.round(value * 10) / 10);
}

/** "memory_pct 92 (baseline 45)": the numbers a human checks first. */
export function metricEvidence(metric: MetricName, stats: MetricStats): string {
  return `${metric} ${formatNumber(stats.latest)} (baseline ${formatNumber(stats.baseline)})`;
}

export function trendEvidence(metric: MetricName, stats: MetricStats): string {
  return `${metricEvidence(metric, stats)} ${sparkline(stats.series)}`;
}

export function logEvidence(lines: readonly LogLine[]): string {
  const first = lines[0];
  if (!first) return 'no matching log lines';
  return `log ×${lines.length} (${first.level}): "${first.message.slice(0, 200)}"`;
}

export function eventEvidence(event: TelemetryEvent): string {
  return `event ${event.type} at ${event.at.slice(11, 16)}: ${event.message.slice(0, 200)}`;
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function makeFinding(finding: {
  service: string;
  fault: FaultKind | null;
  signal: string;
  summary: string;
  evidence: readonly string[];
  confidence: number;
}): Finding {
  return {
    service: finding.service,
    fault: finding.fault,
    signal: clip(finding.signal, 100),
    summary: clip(finding.summary, 500),
    evidence: finding.evidence.slice(0, 10).map((line) => clip(line, 300)),
    confidence: Math.max(0, Math.min(100, Math.round(finding.confidence))),
  };
}
