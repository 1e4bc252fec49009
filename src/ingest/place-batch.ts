import { silenceNote } from '../domain/silence.js';
import type { Alert } from './alert.js';
import { type CorrelationCandidate, eventTimeMs, type KnownAlert, placeAlert } from './correlate.js';
import { FLOOD_SYSTEM, type FloodIncident, type FloodMark, floodIssue, placeNewGroup } from './flood.js';
import type {
  HeldAlert,
  IncidentHead,
  NewIncident,
  PlacementPlan,
  PlacementRules,
  PlacementState,
} from './placement-types.js';

interface LiveFlood extends FloodIncident {
  systems: Set<string>;
}

interface Touch {
  added: string[];
  reasons: Set<string>;
  systems: Set<string>;
  folded: Set<string>;
  resolved: boolean;
  lastAtMs: number;
}

function newSeries(incidentId: string, alert: Alert): KnownAlert {
  return { incidentId, status: alert.status, eventAtMs: eventTimeMs(alert), count: 1 };
}

/**
 * The incident id of a remembered early resolution: a series resolved before any delivery of it
 * fired (deliveries placed side by side, or sent out of order). It belongs to no incident.
 */
export const EARLY_RESOLUTION = '';

/**
 * How long an early resolution is remembered after it was last written (the retention sweep then
 * forgets it, within the hour). A firing overtaken by its resolution arrives within the gap
 * between two deliveries being placed: seconds for parallel workers, at most the ingest job's
 * retries (about 3 minutes) or a worker outage while the queue holds it. A day is far past all of
 * those; forgetting too soon costs only that late firing opening an incident that stays open.
 */
export const EARLY_RESOLUTION_KEPT_MS = 24 * 3600 * 1000;

/** Series that belong to an incident (an early resolution belongs to none). */
export function inIncident(series: KnownAlert): boolean {
  return series.incidentId !== EARLY_RESOLUTION;
}

/**
 * Places every alert of a delivery: redeliveries update their series (applied only when newer),
 * related alerts join an open incident, the rest open incidents (or, past the per-minute limit of
 * their source, fold into one alert-flood incident). Pure: the commit applies it only if the state
 * it read is still the state in Redis, else the delivery is placed again.
 */
export function placeBatch(
  alerts: readonly Alert[],
  state: PlacementState,
  rules: PlacementRules,
): PlacementPlan {
  const known = new Map(state.known);
  const openIds = new Set(state.openIds);
  const headOf = (id: string) => state.heads.get(id);
  const candidates: CorrelationCandidate[] = state.openIds.flatMap((incidentId) => {
    const head = headOf(incidentId);
    if (!head || state.floods.has(incidentId)) return [];
    return [
      {
        incidentId,
        systems: [...new Set([head.system, ...head.systems])],
        lastAlertAtMs: state.lastSeen.get(incidentId) ?? head.createdAtMs,
      },
    ];
  });
  const floods: LiveFlood[] = [...state.floods].map(([incidentId, mark]) => ({
    incidentId,
    ...mark,
    systems: new Set(headOf(incidentId)?.systems ?? []),
    lastAlertAtMs: state.lastSeen.get(incidentId) ?? 0,
  }));
  const isFlood = (incidentId: string) => floods.some((flood) => flood.incidentId === incidentId);
  const heads = new Map<string, IncidentHead>();
  const grow = (incidentId: string, system: string) => {
    const head = heads.get(incidentId) ?? headOf(incidentId);
    if (head && !head.systems.includes(system))
      heads.set(incidentId, { ...head, systems: [...head.systems, system] });
  };
  const opens: NewIncident[] = [];
  const touched = new Map<string, Touch>();
  const updates = new Map<string, KnownAlert>();
  let openedThisWindow = state.openedThisWindow;
  let openedCount = 0;
  let newGroups = 0;
  const held: HeldAlert[] = [];
  let ignored = 0;
  let reliesOnReach = false;

  const open = (request: Omit<NewIncident, 'id'>): string => {
    const id = rules.newId(opens.length);
    opens.push({ id, ...request });
    heads.set(id, { system: request.system, createdAtMs: rules.nowMs, systems: [] });
    return id;
  };

  for (const alert of alerts) {
    let previous = known.get(alert.fingerprint);
    const at = eventTimeMs(alert);
    // A resolution placed before its firing: the firing is placed as if it came first, and its
    // series then carries the resolution (the incident resolves at source as it would in order).
    let resolvedEarly: KnownAlert | undefined;
    if (previous && !inIncident(previous)) {
      if (alert.status === 'resolved') {
        const series = {
          ...previous,
          eventAtMs: Math.max(previous.eventAtMs, at),
          count: previous.count + 1,
        };
        known.set(alert.fingerprint, series);
        updates.set(alert.fingerprint, series);
        ignored += 1;
        continue;
      }
      if (at <= previous.eventAtMs) resolvedEarly = previous;
      previous = undefined;
    }
    // A series that fires again after its incident closed is a new occurrence, not a redelivery.
    const stillOpen =
      previous === undefined ||
      openIds.has(previous.incidentId) ||
      alert.status === 'resolved' ||
      at <= previous.eventAtMs;
    const placement = placeAlert(
      alert,
      stillOpen ? previous : undefined,
      candidates,
      rules.windowMs,
      rules.linked,
    );
    if (placement.kind === 'ignore') {
      ignored += 1;
      if (alert.status === 'resolved' && !previous) {
        const early = { incidentId: EARLY_RESOLUTION, status: 'resolved' as const, eventAtMs: at, count: 1 };
        known.set(alert.fingerprint, early);
        updates.set(alert.fingerprint, early);
      }
      continue;
    }
    let incidentId: string;
    let series: KnownAlert;
    let folded = false;
    if (placement.kind === 'redelivery' && previous) {
      incidentId = placement.incidentId;
      series = placement.apply
        ? { ...previous, status: alert.status, eventAtMs: at, count: previous.count + 1 }
        : { ...previous, count: previous.count + 1 };
    } else if (placement.kind === 'correlate') {
      incidentId = placement.incidentId;
      series = newSeries(incidentId, alert);
    } else {
      // Only an incident of this group that was out of the window made this a new group: were it
      // reached meanwhile, the alert would join it instead.
      reliesOnReach ||=
        floods.some((flood) => flood.systems.has(alert.system)) ||
        candidates.some((candidate) =>
          candidate.systems.some((system) => rules.linked(system, alert.system)),
        );
      newGroups += 1;
      const verdict = rules.silence(alert);
      if (verdict.kind === 'hold') {
        ignored += 1;
        held.push({
          silenceId: verdict.silence.id,
          fingerprint: alert.fingerprint,
          system: alert.system,
          issue: alert.issue,
          at: new Date(rules.nowMs).toISOString(),
        });
        continue;
      }
      const group = placeNewGroup(
        { source: rules.source, system: alert.system, severity: alert.severity, atMs: at },
        {
          openedThisWindow,
          limitPerMinute: rules.limitPerMinute,
          window: rules.window,
          floods,
          correlationWindowMs: rules.windowMs,
        },
      );
      if (group.kind === 'open') {
        openedThisWindow += 1;
        openedCount += 1;
        incidentId = open({
          system: alert.system,
          issue: alert.issue,
          sev: alert.severity,
          source: alert.labels.origin === 'monitor' ? 'monitor' : 'alert',
          alerts: [alert.fingerprint],
          ...(verdict.kind === 'open-silenced' ? { silenced: silenceNote(verdict.silence) } : {}),
        });
        candidates.push({ incidentId, systems: [alert.system], lastAlertAtMs: at });
      } else if (group.kind === 'join-flood') {
        incidentId = group.incidentId;
        folded = true;
      } else {
        const mark: FloodMark = { source: rules.source, window: rules.window };
        incidentId = open({
          system: FLOOD_SYSTEM,
          issue: floodIssue(rules.source, 1, [alert.system]),
          sev: alert.severity,
          source: 'alert',
          alerts: [alert.fingerprint],
          flood: mark,
        });
        floods.push({ incidentId, ...mark, systems: new Set(), lastAlertAtMs: at });
        folded = true;
      }
      series = newSeries(incidentId, alert);
      openIds.add(incidentId);
    }
    if (resolvedEarly) {
      series = {
        ...series,
        status: 'resolved',
        eventAtMs: resolvedEarly.eventAtMs,
        count: resolvedEarly.count + 1,
      };
    }
    known.set(alert.fingerprint, series);
    updates.set(alert.fingerprint, series);
    const touch: Touch = touched.get(incidentId) ?? {
      added: [],
      reasons: new Set(),
      systems: new Set(),
      folded: new Set(),
      resolved: false,
      lastAtMs: 0,
    };
    if (placement.kind === 'correlate') {
      touch.added.push(alert.fingerprint);
      touch.reasons.add(placement.reason);
    }
    if (folded) touch.folded.add(alert.system);
    const flood = floods.find((entry) => entry.incidentId === incidentId);
    if (flood) {
      if (!flood.systems.has(alert.system)) grow(incidentId, alert.system);
      flood.systems.add(alert.system);
      flood.lastAlertAtMs = Math.max(flood.lastAlertAtMs, at);
    }
    if (series.status === 'resolved') touch.resolved = true;
    touch.lastAtMs = Math.max(touch.lastAtMs, at);
    touched.set(incidentId, touch);
    const candidate = isFlood(incidentId)
      ? undefined
      : candidates.find((entry) => entry.incidentId === incidentId);
    if (candidate) {
      candidate.lastAlertAtMs = Math.max(candidate.lastAlertAtMs, at);
      if (!candidate.systems.includes(alert.system)) {
        candidate.systems.push(alert.system);
        touch.systems.add(alert.system);
        grow(incidentId, alert.system);
      }
    }
  }

  return {
    placed: {
      opens,
      updates: [...updates],
      touched: [...touched].map(([incidentId, touch]) => ({
        incidentId,
        added: touch.added,
        reasons: [...touch.reasons],
        systems: [...touch.systems],
        folded: [...touch.folded],
        resolved: touch.resolved,
        lastAtMs: touch.lastAtMs,
      })),
      held,
      ignored,
    },
    heads,
    openedCount,
    newGroups,
    reliesOnReach,
  };
}
