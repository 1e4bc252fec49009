import { type LogLine, METRIC_NAMES, type TelemetrySnapshot } from '../../domain/telemetry.js';
import { listServices, metricStats, recentEvents, searchLogs } from '../../domain/telemetry-tools.js';
import { processEvidenceLines } from '../process-lines.js';
import { clip, formatNumber } from '../rules/evidence.js';
import { workloadEvidenceLines } from '../workload-lines.js';

/**
 * Telemetry as a model reads it: per service, what moved against its own baseline, what stayed
 * flat, the warnings and errors (repeats folded) and the latest events. A few hundred tokens
 * instead of the raw series.
 */

const MAX_LOG_KINDS = 5;
const MAX_EVENTS = 3;

function hhmm(iso: string): string {
  return iso.slice(11, 16);
}

/** Same tolerance as triage's flat-series check: noise is not movement. */
function moved(delta: number, baseline: number): boolean {
  return Math.abs(delta) > Math.max(0.25 * Math.abs(baseline), 2);
}

function metricLines(snapshot: TelemetrySnapshot, service: string): string[] {
  const movedParts: string[] = [];
  const flatParts: string[] = [];
  for (const metric of METRIC_NAMES) {
    const stats = metricStats(snapshot, service, metric);
    if (!stats) continue;
    const latest = formatNumber(stats.latest);
    if (moved(stats.delta, stats.baseline)) {
      const peakText = formatNumber(stats.peak);
      const peak = peakText !== latest ? `, peak ${peakText}` : '';
      movedParts.push(`${metric} ${formatNumber(stats.baseline)} → ${latest}${peak}`);
    } else flatParts.push(`${metric} ${latest}`);
  }
  const lines: string[] = [];
  if (movedParts.length > 0) lines.push(`  moved (baseline → latest): ${movedParts.join('; ')}`);
  if (flatParts.length > 0) lines.push(`  steady: ${flatParts.join(', ')}`);
  return lines;
}

/** Warnings and worse, folded by message shape (digits ignored), most frequent first. */
function logLines(snapshot: TelemetrySnapshot, service: string): string[] {
  const serious = searchLogs(snapshot, service, '').filter(
    (line) => line.level !== 'debug' && line.level !== 'info',
  );
  const groups = new Map<string, { latest: LogLine; count: number }>();
  for (const line of serious) {
    const shape = line.message.replace(/\d+/g, '#');
    const group = groups.get(shape);
    if (!group) groups.set(shape, { latest: line, count: 1 });
    else {
      group.count += 1;
      if (line.at > group.latest.at) group.latest = line;
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || b.latest.at.localeCompare(a.latest.at))
    .slice(0, MAX_LOG_KINDS)
    .map(({ latest, count }) => {
      const times = count > 1 ? ` ×${count}, last ${hhmm(latest.at)}` : ` at ${hhmm(latest.at)}`;
      return `  log ${latest.level}${times}: ${clip(latest.message, 200)}`;
    });
}

function eventLines(snapshot: TelemetrySnapshot, service: string): string[] {
  return recentEvents(snapshot, service)
    .slice(0, MAX_EVENTS)
    .map((event) => `  event ${event.type} at ${hhmm(event.at)}: ${clip(event.message, 200)}`);
}

export function telemetryDigest(snapshot: TelemetrySnapshot): string {
  const header = `Telemetry: ${snapshot.windowMinutes} minutes to ${snapshot.generatedAt} (${snapshot.source}); one point a minute.`;
  const services = listServices(snapshot).map((service) =>
    [
      `- ${service}`,
      ...metricLines(snapshot, service),
      ...logLines(snapshot, service),
      ...eventLines(snapshot, service),
    ].join('\n'),
  );
  const kubernetes = snapshot.kubernetes
    ? [
        'Kubernetes (read once for this incident):',
        ...workloadEvidenceLines(snapshot.kubernetes, 8).map((line) => `  ${line}`),
      ]
    : [];
  const supervisor = snapshot.supervisor
    ? [
        'supervisord (read once for this incident):',
        ...processEvidenceLines(snapshot.supervisor).map((line) => `  ${line}`),
      ]
    : [];
  return [header, ...services, ...kubernetes, ...supervisor].join('\n');
}
