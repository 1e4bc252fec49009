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
  const id = await ctx.tickets.nextId();
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
  await ctx.tickets.create(ticket);
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
  await ctx.queues.requestSlackSync(id);
  return ticket;
}

function layOutChecklist(ctx: PipelineContext, id: string): Promise<unknown> {
  return Promise.all(
    Object.values(DIAGNOSIS_STAGES).map((stage) => ctx.stages.putRun(id, pendingRun(stage))),
  );
}

/**
 * Queues the diagnosis of open incidents whose intake never started. Opening an incident writes its
 * ticket first: a failure after that and before its flow is queued (a Redis blip) leaves it in
 * Diagnosing with no job. The ingest job that opened it is retried, and its alert then joins that
 * incident by correlation: this resumes it. Idempotent: the flow's jobs have fixed ids, so a flow
 * already queued is not queued twice.
 */
export async function resumeDiagnoses(ctx: PipelineContext, incidentIds: readonly string[]): Promise<void> {
  await Promise.all(
    incidentIds.map(async (id) => {
      const runs = await ctx.stages.runs(id);
      const intake = runs.find((run) => run.key === DIAGNOSIS_STAGES.intake.key);
      if (intake && intake.state !== 'pending') return;
      // No stage can have started without its flow: laying the checklist out overwrites nothing.
      if (runs.length === 0) await layOutChecklist(ctx, id);
      await ctx.queues.addIntakeFlow(id);
    }),
  );
}
