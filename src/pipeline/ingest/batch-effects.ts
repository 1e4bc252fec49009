import { isClosed } from '../../domain/status.js';
import { withStatus } from '../../domain/ticket.js';
import type { KnownAlert } from '../../ingest/correlate.js';
import { FLOOD_NAMED_SERVICES, floodIssue } from '../../ingest/flood.js';
import type { PipelineContext } from '../context.js';
import type { IngestDeps } from './ingest-deps.js';

export interface TouchedIncident {
  /** Fingerprints that joined by correlation in this batch. */
  added: string[];
  reasons: Set<string>;
  /** Systems that joined the incident in this batch. */
  systems: Set<string>;
  /** Systems whose groups folded into this alert-flood incident in this batch. */
  folded: Set<string>;
  /** Some alert of it resolved in this batch. */
  resolved: boolean;
  lastAtMs: number;
}

export interface BatchEffects {
  updates: Map<string, KnownAlert>;
  touched: Map<string, TouchedIncident>;
  opened: string[];
  ignored: number;
}

/** Writes a placed batch: series, incidents' alert lists, the timeline, and resolution at source. */
export async function applyBatchEffects(deps: IngestDeps, effects: BatchEffects): Promise<void> {
  await deps.store.record([...effects.updates.entries()]);
  await Promise.all(
    [...effects.touched.entries()].map(async ([incidentId, touched]) => {
      await deps.store.touch(incidentId, touched.lastAtMs);
      await Promise.all([...touched.systems].map((system) => deps.store.addSystem(incidentId, system)));
      if (touched.added.length > 0) await attachAlerts(deps.ctx, incidentId, touched);
      if (touched.folded.size > 0) await foldGroups(deps, incidentId, touched.folded);
      if (touched.resolved) await resolveAtSourceIfDone(deps, incidentId);
      await deps.ctx.queues.requestSlackSync(incidentId);
    }),
  );
}

async function attachAlerts(ctx: PipelineContext, incidentId: string, touched: TouchedIncident) {
  await ctx.tickets.update(incidentId, (ticket) => {
    const fresh = touched.added.filter((fingerprint) => !ticket.alerts.includes(fingerprint));
    return fresh.length === 0 ? undefined : { ...ticket, alerts: [...ticket.alerts, ...fresh] };
  });
  await ctx.timeline.append(incidentId, 'alerts.correlated', {
    count: touched.added.length,
    reasons: [...touched.reasons],
  });
}

/**
 * Groups folded into an alert-flood incident: its services are kept, and its card's line says how
 * many groups folded and names the first few (the ticket keeps no fingerprint list: it would grow
 * with the flood, and every update rewrites it).
 */
async function foldGroups(deps: IngestDeps, incidentId: string, systems: Set<string>) {
  const { ctx, store } = deps;
  const groups = await store.addSystems(incidentId, [...systems]);
  const all = (await store.systems([incidentId])).get(incidentId) ?? [];
  const mark = (await store.floods()).get(incidentId);
  if (!mark) return;
  const issue = floodIssue(mark.source, groups, all);
  await ctx.tickets.update(incidentId, (ticket) =>
    ticket.issue === issue ? undefined : { ...ticket, issue },
  );
  await ctx.timeline.append(incidentId, 'alerts.folded', {
    groups,
    added: systems.size,
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
