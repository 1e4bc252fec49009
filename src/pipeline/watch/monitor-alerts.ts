import type { ServiceHealth } from '../../domain/estate/health.js';
import type { Alert } from '../../ingest/alert.js';

export function monitorFingerprint(service: string): string {
  return `monitor-${service}`;
}

/**
 * The monitor's findings as alerts, changes only: a service that turned unhealthy fires, one that
 * recovered resolves, and a steady state sends nothing (so a sweep every few seconds costs nothing
 * in Slack). They go through the same ingest path as webhook alerts, so they correlate with them.
 */
export function monitorAlerts(
  health: readonly ServiceHealth[],
  firing: ReadonlySet<string>,
  now: Date,
): Alert[] {
  const at = now.toISOString();
  return health.flatMap((service): Alert[] => {
    const unhealthy = service.status !== 'healthy';
    if (unhealthy === firing.has(service.service)) return [];
    const reason = service.reasons[0] ?? `health ${service.score}`;
    return [
      {
        source: 'generic',
        fingerprint: monitorFingerprint(service.service),
        status: unhealthy ? 'firing' : 'resolved',
        system: service.service,
        issue: `${service.service} ${service.status} (health ${service.score})`,
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
