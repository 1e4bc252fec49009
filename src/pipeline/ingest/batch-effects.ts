import { isClosed } from '../../domain/status.js';
import { withStatus } from '../../domain/ticket.js';
import type { AlertStatus } from '../../ingest/alert.js';
import { FLOOD_NAMED_SERVICES, floodIssue } from '../../ingest/flood.js';
import { inIncident } from '../../ingest/place-batch.js';
import type { NewIncident, PlacedBatch, TouchedIncident } from '../../ingest/placement-types.js';
import { checkedTimelineFields } from '../../store/timeline-store.js';
import { openIncidentAs, resumeDiagnoses } from '../open-incident.js';
import type { IngestDeps } from './ingest-deps.js';

/** How long the thread's sync may wait for more alerts joining an incident. */
const JOINED_SYNC_WITHIN_MS = 1000;

/**
 * The writes of a committed delivery outside the global slot: the incidents it opened, each
 * incident's alert list, its ticket and timeline, resolution at source, and the thread's sync.
 * Each is idempotent, so a retried job that finds the delivery placed redoes them all. `opening`:
 * open incidents whose diagnosis was not queued yet when the delivery was placed.
 */
export async function applyPlacedBatch(
  deps: IngestDeps,
  placed: PlacedBatch,
  opening: ReadonlySet<string>,
): Promise<void> {
  await Promise.all(placed.opens.map((open) => openPlaced(deps, open)));
  // One at a time: a hold reads and writes its silence's record (a replayed one is not counted twice).
  for (const { silenceId, ...alert } of placed.held) await deps.ctx.silences.hold(silenceId, alert);
  const inIncidents = placed.updates.filter(([, series]) => inIncident(series));
  const statuses = statusesByIncident(inIncidents);
  await Promise.all(
    placed.touched.map((touched) => joinTouched(deps, touched, statuses.get(touched.incidentId))),
  );
  const resolvedLater = await deps.store.settleIncidentAlerts(inIncidents);
  await Promise.all(
    placed.touched.map(async ({ incidentId, resolved }) => {
      if (!resolved && !resolvedLater.has(incidentId)) return;
      await resolveAtSourceIfDone(deps, incidentId);
      // A resolution is shown at once.
      await deps.ctx.queues.requestSlackSync(incidentId);
    }),
  );
  await resumeStrandedDiagnoses(deps, placed, opening);
}

type Statuses = Array<readonly [fingerprint: string, status: AlertStatus]>;

function statusesByIncident(updates: PlacedBatch['updates']): Map<string, Statuses> {
  const byIncident = new Map<string, Statuses>();
  for (const [fingerprint, series] of updates) {
    const list = byIncident.get(series.incidentId) ?? [];
    list.push([fingerprint, series.status]);
    byIncident.set(series.incidentId, list);
  }
  return byIncident;
}

/**
 * One incident's share of the delivery in one step (IngestStore.joinIncident): its alerts' states,
 * the alerts that joined it and their timeline entry, and its thread's sync. Alerts joining in a
 * storm share one sync a second per incident (Slack takes one update a second per message anyway);
 * a resolution asks for its own once the incident is closed.
 */
async function joinTouched(deps: IngestDeps, touched: TouchedIncident, statuses: Statuses = []) {
  const { incidentId } = touched;
  if (touched.systems.length > 0) await deps.store.addSystems(incidentId, touched.systems);
  if (touched.folded.length > 0) await foldGroups(deps, incidentId, touched.folded);
  const entry =
    touched.added.length > 0
      ? checkedTimelineFields(
          incidentId,
          'alerts.correlated',
          { count: touched.added.length, reasons: touched.reasons },
          { now: deps.ctx.now() },
        )
      : undefined;
  const { sync } = await deps.store.joinIncident(incidentId, {
    statuses,
    joined: touched.added,
    ...(entry ? { entry } : {}),
    ...(touched.resolved ? {} : { sync: 'later' as const }),
  });
  await deps.ctx.queues.followSyncRequest(incidentId, sync, { withinMs: JOINED_SYNC_WITHIN_MS });
}

/**
 * An incident whose opening wrote its ticket but failed before queueing its diagnosis (a Redis
 * blip), whoever opened it, would wait in Diagnosing forever: whatever a delivery touches that is
 * still marked as opening (read with the placement, no ticket read) gets its diagnosis queued if
 * no stage started (fixed job ids), and its mark goes.
 */
async function resumeStrandedDiagnoses(
  deps: IngestDeps,
  placed: PlacedBatch,
  opening: ReadonlySet<string>,
): Promise<void> {
  const opened = new Set(placed.opens.map((open) => open.id));
  const stranded = placed.touched
    .map((touched) => touched.incidentId)
    .filter((id) => opening.has(id) && !opened.has(id));
  if (stranded.length > 0) await resumeDiagnoses(deps.ctx, stranded);
}

async function openPlaced(deps: IngestDeps, open: NewIncident): Promise<void> {
  const { ctx } = deps;
  await openIncidentAs(ctx, open.id, {
    system: open.system,
    issue: open.issue,
    sev: open.sev,
    source: open.source,
    channel: ctx.settings.incidentChannel,
    alerts: open.alerts,
    ...(open.silenced ? { silenced: open.silenced } : {}),
  });
  if (open.flood) {
    ctx.logger.warn(
      { incidentId: open.id, source: open.flood.source, limitPerMinute: ctx.settings.newIncidentsPerMinute },
      'alert flood: new correlation groups fold into one incident',
    );
  }
}

/**
 * Groups folded into an alert-flood incident: its services are kept, and its card's line says how
 * many groups folded and names the first few (the ticket keeps no fingerprint list: it would grow
 * with the flood, and every update rewrites it).
 */
async function foldGroups(deps: IngestDeps, incidentId: string, systems: readonly string[]) {
  const { ctx, store } = deps;
  const groups = await store.addSystems(incidentId, systems);
  const all = (await store.systems([incidentId])).get(incidentId) ?? [];
  const mark = await store.flood(incidentId);
  if (!mark) return;
  const issue = floodIssue(mark.source, groups, all);
  await ctx.tickets.update(incidentId, (ticket) =>
    ticket.issue === issue ? undefined : { ...ticket, issue },
  );
  await ctx.timeline.append(incidentId, 'alerts.folded', {
    groups,
    added: systems.length,
    services: [...systems].sort().slice(0, FLOOD_NAMED_SERVICES),
  });
}

/**
 * Every alert of the incident resolved at its source: it closes as Resolved, unless people are
 * deciding on a plan right now, in which case the thread only gets a note.
 */
async function resolveAtSourceIfDone(deps: IngestDeps, incidentId: string) {
  const tally = await deps.store.tally(incidentId);
  if (tally.total === 0 || tally.firing > 0) return;
  const { ctx } = deps;
  const ticket = await ctx.tickets.require(incidentId);
  if (isClosed(ticket.status)) return;
  if (ticket.status === 'Awaiting_Approval' || ticket.status === 'Remediating') {
    await ctx.timeline.append(incidentId, 'alerts.resolved_at_source', {
      closed: false,
      status: ticket.status,
    });
    return;
  }
  const reason = `resolved at source: all ${tally.total} alert(s) resolved`;
  const closed = await ctx.tickets.update(incidentId, (current) =>
    isClosed(current.status) || current.status === 'Awaiting_Approval' || current.status === 'Remediating'
      ? undefined
      : { ...withStatus(current, 'Resolved', { now: ctx.now(), by: 'source', reason }), resolution: reason },
  );
  if (closed.status === 'Resolved') {
    await ctx.timeline.append(incidentId, 'alerts.resolved_at_source', { closed: true, total: tally.total });
  }
}
