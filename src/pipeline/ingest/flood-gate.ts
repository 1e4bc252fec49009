import type { Alert, AlertSource } from '../../ingest/alert.js';
import {
  FLOOD_SYSTEM,
  type FloodIncident,
  floodIssue,
  floodWindowOf,
  placeNewGroup,
} from '../../ingest/flood.js';
import { openIncident } from '../open-incident.js';
import type { IngestDeps } from './ingest-deps.js';

interface LiveFlood extends FloodIncident {
  systems: Set<string>;
}

export type GroupAdmission = { kind: 'open' } | { kind: 'fold'; incidentId: string };

/** One batch's view of the flood limit: what this minute opened, and the open flood incidents. */
export interface FloodGate {
  /** Flood incidents are not correlation candidates: only folding puts alerts in them. */
  isFlood(incidentId: string): boolean;
  /** Where an alert that would open a new incident goes; opens this minute's flood incident if needed. */
  admit(alert: Alert, atMs: number): Promise<GroupAdmission>;
  /** Counts an incident opened for a new group against this minute's limit. */
  noteOpened(): Promise<void>;
  /** A folded alert (or its redelivery) arrived at `atMs`. */
  noteFolded(incidentId: string, system: string, atMs: number): void;
}

/**
 * Reads the minute's count and the open floods of every source (forgetting closed ones).
 * `openIds`: the open incidents. Runs under the ingest lease, so the counts cannot race.
 */
export async function openFloodGate(
  deps: IngestDeps,
  source: AlertSource,
  openIds: ReadonlySet<string>,
): Promise<FloodGate> {
  const { ctx, store } = deps;
  const window = floodWindowOf(ctx.now().getTime());
  const correlationWindowMs = ctx.settings.correlationWindowSeconds * 1000;
  const marks = await store.floods();
  const closed = [...marks.keys()].filter((id) => !openIds.has(id));
  await store.forgetFloods(closed);
  const openMarks = [...marks].filter(([id]) => openIds.has(id));
  const [systems, lastAt] = await Promise.all([
    store.systems(openMarks.map(([id]) => id)),
    store.lastAlertAt(openMarks.map(([id]) => id)),
  ]);
  const floods: LiveFlood[] = openMarks.map(([incidentId, mark]) => ({
    incidentId,
    ...mark,
    systems: new Set(systems.get(incidentId) ?? []),
    lastAlertAtMs: lastAt.get(incidentId) ?? 0,
  }));
  let openedThisWindow = await store.openedIn(source, window);

  async function openFlood(alert: Alert, atMs: number): Promise<string> {
    const ticket = await openIncident(ctx, {
      system: FLOOD_SYSTEM,
      issue: floodIssue(source, 1, [alert.system]),
      sev: alert.severity,
      source: 'alert',
      channel: ctx.settings.incidentChannel,
      alerts: [alert.fingerprint],
    });
    await store.markFlood(ticket.id, { source, window });
    floods.push({ incidentId: ticket.id, source, window, systems: new Set(), lastAlertAtMs: atMs });
    ctx.logger.warn(
      { incidentId: ticket.id, source, limitPerMinute: ctx.settings.newIncidentsPerMinute },
      'alert flood: new correlation groups fold into one incident',
    );
    return ticket.id;
  }

  return {
    isFlood: (incidentId) => floods.some((flood) => flood.incidentId === incidentId),
    async admit(alert, atMs) {
      const placement = placeNewGroup(
        { source, system: alert.system, severity: alert.severity, atMs },
        {
          openedThisWindow,
          limitPerMinute: ctx.settings.newIncidentsPerMinute,
          window,
          floods,
          correlationWindowMs,
        },
      );
      if (placement.kind === 'open') return placement;
      const incidentId =
        placement.kind === 'join-flood' ? placement.incidentId : await openFlood(alert, atMs);
      return { kind: 'fold', incidentId };
    },
    async noteOpened() {
      openedThisWindow = await store.noteOpened(source, window);
    },
    noteFolded(incidentId, system, atMs) {
      const flood = floods.find((entry) => entry.incidentId === incidentId);
      if (!flood) return;
      flood.systems.add(system);
      flood.lastAlertAtMs = Math.max(flood.lastAlertAtMs, atMs);
    },
  };
}
