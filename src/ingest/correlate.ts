import { bfsDistances } from '../domain/graph-walk.js';
import type { Alert } from './alert.js';

/** What the ingest worker remembers of one alert series. */
export interface KnownAlert {
  incidentId: string;
  status: 'firing' | 'resolved';
  /** Event time of the newest delivery applied (start for firing, end for resolved), ms. */
  eventAtMs: number;
  count: number;
}

/** An open incident alerts may join. */
export interface CorrelationCandidate {
  incidentId: string;
  /** Its own system and those of the alerts it already holds. */
  systems: string[];
  /** Newest alert time seen on it (or its opening), ms. */
  lastAlertAtMs: number;
}

export type Placement =
  | { kind: 'redelivery'; incidentId: string; apply: boolean }
  | { kind: 'correlate'; incidentId: string; reason: string }
  | { kind: 'open' }
  | { kind: 'ignore'; reason: string };

/** When the event happened by the source's clock: resolution time for resolved, start for firing. */
export function eventTimeMs(alert: Alert): number {
  return Date.parse(alert.status === 'resolved' ? (alert.endsAt ?? alert.startsAt) : alert.startsAt);
}

/** Whether two services call each other directly (the estate's dependency graph). */
export type LinkTest = (a: string, b: string) => boolean;

/**
 * Where one alert goes. A known series is a redelivery (applied only when newer than what we saw:
 * deliveries arrive out of order); a new firing series joins an open incident on the same or a
 * directly linked service within the window; otherwise it opens an incident. A resolution for a
 * series we never saw changes nothing.
 */
export function placeAlert(
  alert: Alert,
  known: KnownAlert | undefined,
  candidates: readonly CorrelationCandidate[],
  windowMs: number,
  linked: LinkTest,
): Placement {
  const at = eventTimeMs(alert);
  if (known) return { kind: 'redelivery', incidentId: known.incidentId, apply: at >= known.eventAtMs };
  if (alert.status === 'resolved')
    return { kind: 'ignore', reason: 'resolution of an alert never seen firing' };
  const inWindow = candidates.filter((candidate) => Math.abs(at - candidate.lastAlertAtMs) <= windowMs);
  const same = inWindow.find((candidate) => candidate.systems.includes(alert.system));
  if (same) return { kind: 'correlate', incidentId: same.incidentId, reason: `same service ${alert.system}` };
  for (const candidate of inWindow) {
    const partner = candidate.systems.find((system) => linked(system, alert.system));
    if (partner) {
      return {
        kind: 'correlate',
        incidentId: candidate.incidentId,
        reason: `${alert.system} and ${partner} are linked in the dependency graph`,
      };
    }
  }
  return { kind: 'open' };
}

/**
 * The link test over a directory's graph (the catalog's, or the simulated estate's): one service
 * calls the other, directly or down a call chain (storefront → checkout → payments: a payments
 * outage reaches storefront, whose alert may come before checkout's). Sharing a dependency is no
 * link: everything depends on the network, and siblings would join every alert.
 */
export function linkedIn(graph: Readonly<Record<string, readonly string[]>>): LinkTest {
  const calls = new Map(Object.entries(graph));
  const reaches = (from: string, to: string) =>
    bfsDistances(from, (service) => calls.get(service) ?? []).has(to);
  return (a, b) => a === b || reaches(a, b) || reaches(b, a);
}
