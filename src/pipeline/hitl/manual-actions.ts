import { isClosed } from '../../domain/status.js';
import { type Ticket, withStatus } from '../../domain/ticket.js';
import { PermanentError } from '../../errors.js';
import type { PipelineContext } from '../context.js';
import { syncTaskSchedules } from '../tasks/task-schedules.js';
import { requireApprover } from './approvers.js';
import { resolveOutsideRedis } from './resolve-cold.js';

/**
 * `/incident resolve`: a person closes the incident by hand, with their note on the card; one that
 * left Redis is closed in the history, or the answer says why it cannot be.
 */
export async function resolveByHand(
  ctx: PipelineContext,
  incidentId: string,
  by: string,
  note?: string,
): Promise<{ ticket: Ticket; from: 'redis' | 'history' }> {
  requireApprover(ctx, by, `resolve ${incidentId}`);
  const resolution = `Resolved by hand by <@${by}>${note ? `: ${note}` : ''}`;
  if (!(await ctx.tickets.get(incidentId))) {
    const ticket = await resolveOutsideRedis(ctx, incidentId, { by, resolution, ...(note ? { note } : {}) });
    return { ticket, from: 'history' };
  }
  let closedNow = false;
  const ticket = await ctx.tickets.update(incidentId, (current) => {
    if (isClosed(current.status)) return undefined;
    closedNow = true;
    return {
      ...withStatus(current, 'Resolved', { now: ctx.now(), by, ...(note ? { reason: note } : {}) }),
      resolution,
    };
  });
  if (!closedNow) {
    throw new PermanentError('conflict', `${incidentId} is already closed (${ticket.status}).`, {
      httpStatus: 409,
    });
  }
  await ctx.timeline.append(incidentId, 'resolved.by_hand', note ? { note } : {}, { by });
  await ctx.queues.requestSlackSync(incidentId);
  return { ticket, from: 'redis' };
}

/** Flips the kill switch and lets every open incident's card and approval say so. */
export async function setKillSwitch(ctx: PipelineContext, on: boolean, by: string): Promise<void> {
  requireApprover(ctx, by, 'flip the kill switch');
  await ctx.killSwitch.set(on, by, ctx.now());
  // A rehearsal is remediation's cousin: the kill switch stops it too.
  if (on && (await ctx.chaos.read()).on) await ctx.chaos.stop(by, ctx.now(), 'kill switch');
  // Routine tasks stop with it; turned off, the schedules nobody paused by hand come back.
  await syncTaskSchedules(ctx);
  const open = await ctx.tickets.listOpen();
  await Promise.all(
    open.flatMap((ticket) => [
      ctx.timeline.append(ticket.id, on ? 'kill_switch.on' : 'kill_switch.off', {}, { by }),
      ctx.queues.requestSlackSync(ticket.id),
    ]),
  );
}

/** An approver ticked a manual step as done; the human fixer notices on its next look and reports it applied. */
export async function tickManualStep(ctx: PipelineContext, incidentId: string, actionId: string, by: string) {
  requireApprover(ctx, by, `tick manual steps of ${incidentId}`);
  const ticket = await ctx.tickets.require(incidentId);
  if (!ticket.recommendations.some((action) => action.id === actionId && action.kind === 'manual')) {
    throw new PermanentError('not_found', `${incidentId} has no manual step ${actionId}.`, {
      httpStatus: 404,
    });
  }
  if (await ctx.manualSteps.tick(incidentId, actionId)) {
    await ctx.timeline.append(incidentId, 'manual_step.done', { actionId }, { by });
    await ctx.queues.requestSlackSync(incidentId);
  }
}

/** Undoes the crew's false-positive verdict: the incident is diagnosed in full this time. */
export async function reopenFalsePositive(
  ctx: PipelineContext,
  incidentId: string,
  by: string,
): Promise<Ticket> {
  requireApprover(ctx, by, `reopen ${incidentId}`);
  const ticket = await ctx.tickets.update(incidentId, (current) =>
    current.status === 'False_Positive'
      ? {
          ...withStatus(current, 'Diagnosing', { now: ctx.now(), by, reason: 'reopened' }),
          reopenedBy: by,
          resolution: null,
        }
      : undefined,
  );
  if (ticket.status !== 'Diagnosing' || ticket.reopenedBy !== by) {
    throw new PermanentError(
      'conflict',
      `${incidentId} is ${ticket.status}, not a false positive: nothing to reopen.`,
      {
        httpStatus: 409,
      },
    );
  }
  await ctx.timeline.append(incidentId, 'reopened', {}, { by });
  await ctx.queues.add('triage', { incidentId, reopen: true });
  await ctx.queues.requestSlackSync(incidentId);
  return ticket;
}
