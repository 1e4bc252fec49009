import { PlanOutput, RcaOutput } from '../../agents/schemas.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { planStageKey } from '../diagnosis/plan-handler.js';
import { DIAGNOSIS_STAGES } from '../stage-catalog.js';

export interface RoundPlan {
  ticket: Ticket;
  plan: PlanOutput;
  rca: RcaOutput;
}

/** The ticket, the plan of `round` and the root cause it answers, as the review stages need them. */
export async function loadRoundPlan(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
): Promise<RoundPlan> {
  const [ticket, plan, rca] = await Promise.all([
    ctx.tickets.require(incidentId),
    ctx.stages.output(incidentId, planStageKey(round), PlanOutput),
    ctx.stages.output(incidentId, DIAGNOSIS_STAGES.rca.key, RcaOutput),
  ]);
  if (!plan || !rca) throw new Error(`Review of ${incidentId} round ${round} before its plan finished`);
  return { ticket, plan, rca };
}

/** Review stages act only while the plan they review is the ticket's current one. */
export function isReviewable(ticket: Ticket): boolean {
  return ticket.status === 'Remediation_Recommended';
}
