import { withStatus } from '../domain/ticket.js';
import { errorMessage } from '../errors.js';
import type { PipelineContext } from './context.js';

/**
 * A stage that failed for good leaves the incident to people: Needs_Followup, with the reason in
 * the timeline and the thread. Nothing is left hanging in Diagnosing.
 */
export async function handOverToHumans(
  ctx: PipelineContext,
  incidentId: string,
  stage: string,
  error: unknown,
) {
  const reason = `${stage} failed: ${errorMessage(error)}`;
  const ticket = await ctx.tickets.update(incidentId, (current) =>
    ['Diagnosing', 'Remediation_Recommended', 'Remediating'].includes(current.status)
      ? {
          ...withStatus(current, 'Needs_Followup', { now: ctx.now(), by: 'crew', reason }),
          resolution: reason,
        }
      : undefined,
  );
  if (ticket.status === 'Needs_Followup') {
    await ctx.timeline.append(incidentId, 'status.changed', { to: 'Needs_Followup', reason });
  }
  await ctx.queues.requestSlackSync(incidentId);
}
