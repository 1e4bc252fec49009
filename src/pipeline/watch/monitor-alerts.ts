import type { PredictedTrouble } from '../../agents/forecast/index.js';
import type { HealthState } from '../../domain/catalog/index.js';
import type { ScrapeTarget } from '../../domain/telemetry-source.js';
import type { Alert } from '../../ingest/alert.js';

export function monitorFingerprint(service: string): string {
  return `monitor-${service}`;
}

/**
 * The monitor's findings as alerts, changes only: a service that turned unhealthy fires, one that
 * recovered resolves, and a steady state sends nothing (so a sweep every few seconds costs nothing
 * in Slack). They go through the same ingest path as webhook alerts, so they correlate with them.
 */
/** One service's health as the monitor reads it (a simulated score, or a real probe's state). */
export interface MonitoredHealth {
  service: string;
  status: HealthState;
  score?: number;
  reasons: readonly string[];
}

function issueOf(service: MonitoredHealth): string {
  if (service.score !== undefined) return `${service.service} ${service.status} (health ${service.score})`;
  return `${service.service} ${service.status}${service.reasons[0] ? `: ${service.reasons[0]}` : ''}`;
}

export function monitorAlerts(
  health: readonly MonitoredHealth[],
  firing: ReadonlySet<string>,
  now: Date,
): Alert[] {
  const at = now.toISOString();
  return health.flatMap((service): Alert[] => {
    // Unknown is neither a fault nor a recovery: a service nobody can measure changes nothing.
    if (service.status === 'unknown') return [];
    const unhealthy = service.status !== 'healthy';
    if (unhealthy === firing.has(service.service)) return [];
    const reason = service.reasons[0] ?? `health ${service.score ?? service.status}`;
    return [
      {
        source: 'generic',
        fingerprint: monitorFingerprint(service.service),
        status: unhealthy ? 'firing' : 'resolved',
        system: service.service,
        issue: issueOf(service),
        severity: service.status === 'down' ? 'sev1' : 'sev2',
        labels: { origin: 'monitor', service: service.service },
        annotations: { reason },
        startsAt: at,
        endsAt: unhealthy ? null : at,
        links: [],
        summary: reason,
      },
    ];
  });
}

export function forecastFingerprint(service: string, metric: string): string {
  return `forecast-${service}-${metric}`;
}

/** A predicted crossing as a sev3 alert that says what will happen, where and when. */
export function forecastAlert(finding: PredictedTrouble, now: Date): Alert {
  return {
    source: 'generic',
    fingerprint: forecastFingerprint(finding.service, finding.metric),
    status: 'firing',
    system: finding.service,
    issue: finding.summary,
    severity: 'sev3',
    labels: { origin: 'monitor', kind: 'forecast', metric: finding.metric, service: finding.service },
    annotations: { threshold: String(finding.threshold), in_minutes: String(finding.inMinutes) },
    startsAt: now.toISOString(),
    endsAt: null,
    links: [],
    summary: finding.summary,
  };
}

export function targetFingerprint(target: ScrapeTarget): string {
  return `target-${target.service}-${target.instance}`;
}

/** Scrape targets that stopped answering fire; ones that came back resolve (changes only). */
export function targetAlerts(
  targets: readonly ScrapeTarget[],
  firing: ReadonlySet<string>,
  now: Date,
): Alert[] {
  const at = now.toISOString();
  return targets.flatMap((target): Alert[] => {
    const fingerprint = targetFingerprint(target);
    if (!target.up === firing.has(fingerprint)) return [];
    return [
      {
        source: 'generic',
        fingerprint,
        status: target.up ? 'resolved' : 'firing',
        system: target.service,
        issue: `${target.service} target ${target.instance} is down (Prometheus up == 0)`,
        severity: 'sev2',
        labels: { origin: 'monitor', kind: 'target', service: target.service, instance: target.instance },
        annotations: {},
        startsAt: at,
        endsAt: target.up ? at : null,
        links: [],
      },
    ];
  });
}
