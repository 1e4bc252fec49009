import { withStatus } from '../domain/ticket.js';
import { errorMessage } from '../errors.js';
import type { PipelineContext } from './context.js';

const HANDED_OVER_FROM = ['Diagnosing', 'Remediation_Recommended', 'Remediating'];

/**
 * A stage that failed for good leaves the incident to people: Needs_Followup, with the reason in
 * the timeline and the thread. Nothing is left hanging in Diagnosing. Idempotent: an incident
 * already handed over (or closed) is left as it is and nothing is said twice. True when this call
 * handed it over.
 */
export async function handOverToHumans(
  ctx: PipelineContext,
  incidentId: string,
  stage: string,
  error: unknown,
): Promise<boolean> {
  const reason = `${stage} failed: ${errorMessage(error)}`;
  let handedOver = false;
  await ctx.tickets.update(incidentId, (current) => {
    // The change may run more than once (compare-and-set): the last run decides.
    handedOver = HANDED_OVER_FROM.includes(current.status);
    return handedOver
      ? {
          ...withStatus(current, 'Needs_Followup', { now: ctx.now(), by: 'crew', reason }),
          resolution: reason,
        }
      : undefined;
  });
  if (!handedOver) return false;
  await ctx.timeline.append(incidentId, 'status.changed', { to: 'Needs_Followup', reason });
  await ctx.queues.requestSlackSync(incidentId);
  return true;
}
