import { type ChangeNote, changesBefore } from '../domain/change.js';
import type { Severity } from '../domain/severity.js';
import type { SilenceNote } from '../domain/silence.js';
import { type IncidentSource, newTicket, type Ticket } from '../domain/ticket.js';
import type { PipelineContext } from './context.js';
import { DIAGNOSIS_STAGES, pendingRun } from './stage-catalog.js';

export interface IncidentRequest {
  system: string;
  issue: string;
  sev: Severity;
  source: IncidentSource;
  channel: string | null;
  alerts?: string[];
  openedBy?: string;
  /** The silence it opened under (a sev1 during a silence still gets its card). */
  silenced?: SilenceNote;
}

/** Deploys on the incident's service or what it depends on within the change window before `now`. */
async function recentChanges(ctx: PipelineContext, system: string, now: Date): Promise<ChangeNote[]> {
  const windowMs = ctx.settings.changeWindowSeconds * 1000;
  if (windowMs === 0) return [];
  const service = ctx.directory.resolve(system) ?? system;
  const changes = await ctx.changes.between(now.getTime() - windowMs, now.getTime());
  return changesBefore(changes, service, ctx.directory.graph(), now, windowMs);
}

/** Creates the ticket, lays out the checklist and starts the diagnosis flow. */
export async function openIncident(ctx: PipelineContext, request: IncidentRequest): Promise<Ticket> {
  return openIncidentAs(ctx, await ctx.tickets.nextId(), request);
}

/**
 * Opens the incident under an id already issued (alert placement issues them as it commits).
 * Again for the same id, it only makes sure the flow and the card are on their way.
 */
export async function openIncidentAs(
  ctx: PipelineContext,
  id: string,
  request: IncidentRequest,
): Promise<Ticket> {
  const now = ctx.now();
  const changes = request.source === 'inject' ? [] : await recentChanges(ctx, request.system, now);
  const ticket = newTicket({
    id,
    system: request.system,
    issue: request.issue,
    sev: request.sev,
    source: request.source,
    channel: request.channel,
    fingerprint: '',
    alerts: request.alerts ?? [],
    ...(request.openedBy ? { openedBy: request.openedBy } : {}),
    ...(request.silenced ? { silenced: request.silenced } : {}),
    changes,
    now,
  });
  if (!(await ctx.tickets.create(ticket))) {
    // A retried delivery: the flow goes again only if intake never started (a finished flow's
    // jobs are removed, and adding them again would run them again).
    const intake = (await ctx.stages.runs(id)).find((run) => run.key === DIAGNOSIS_STAGES.intake.key);
    if (!intake || intake.state === 'pending') await ctx.queues.addIntakeFlow(id);
    await ctx.tickets.diagnosisQueued(id);
    await ctx.queues.requestSlackSync(id);
    return ctx.tickets.require(id);
  }
  await Promise.all([
    layOutChecklist(ctx, id),
    ctx.timeline.append(
      id,
      'incident.opened',
      { system: ticket.system, issue: ticket.issue, sev: ticket.sev, source: ticket.source },
      request.openedBy ? { by: request.openedBy, now } : { now },
    ),
  ]);
  await ctx.queues.addIntakeFlow(id);
  await ctx.tickets.diagnosisQueued(id);
  await ctx.queues.requestSlackSync(id);
  return ticket;
}

function layOutChecklist(ctx: PipelineContext, id: string): Promise<unknown> {
  return Promise.all(
    Object.values(DIAGNOSIS_STAGES).map((stage) => ctx.stages.putRun(id, pendingRun(stage))),
  );
}

/**
 * An opening takes well under a second, and one an alert started is retried with its ingest job
 * within minutes (resuming it): a mark older than this is an opening that stopped half way.
 */
export const STRANDED_OPENING_MS = 10 * 60_000;

/**
 * Resumes incidents still in Diagnosing whose opening stopped half way long ago and that no alert
 * joined since (the retention sweep calls it hourly). Returns how many were resumed.
 */
export async function resumeStrandedOpenings(ctx: PipelineContext, now: Date): Promise<number> {
  const ids = await ctx.tickets.openingSince(now.getTime() - STRANDED_OPENING_MS);
  const tickets = await Promise.all(ids.map((id) => ctx.tickets.get(id)));
  const stranded = tickets.flatMap((ticket) => (ticket?.status === 'Diagnosing' ? [ticket.id] : []));
  await resumeDiagnoses(ctx, stranded);
  // The others moved on (or their ticket is gone): nothing to resume.
  await Promise.all(ids.filter((id) => !stranded.includes(id)).map((id) => ctx.tickets.diagnosisQueued(id)));
  return stranded.length;
}

/**
 * Queues the diagnosis of open incidents whose intake never started, and drops their opening
 * marks. Opening an incident writes its ticket (and the mark) first: a failure after that and
 * before its flow is queued (a Redis blip) leaves it in Diagnosing with no job, whoever opened it
 * (an alert, /inject, a routine task). An alert that joins it later resumes it: the ingest job
 * that opened it, retried, or any other. Idempotent: the flow's jobs have fixed ids, so a flow
 * already queued is not queued twice.
 */
export async function resumeDiagnoses(ctx: PipelineContext, incidentIds: readonly string[]): Promise<void> {
  await Promise.all(
    incidentIds.map(async (id) => {
      const runs = await ctx.stages.runs(id);
      const intake = runs.find((run) => run.key === DIAGNOSIS_STAGES.intake.key);
      if (!intake || intake.state === 'pending') {
        // No stage can have started without its flow: laying the checklist out overwrites nothing.
        if (runs.length === 0) await layOutChecklist(ctx, id);
        await ctx.queues.addIntakeFlow(id);
      }
      await ctx.tickets.diagnosisQueued(id);
    }),
  );
}
