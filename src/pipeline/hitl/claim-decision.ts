import type { DecideOutcome, Decision } from '../../domain/approval.js';
import { isClosed } from '../../domain/status.js';
import type { PipelineContext } from '../context.js';

export type ClaimResult =
  | { kind: 'accepted' }
  | { kind: 'not_allowed'; approvers: readonly string[] }
  | { kind: 'closed'; status: string }
  | Exclude<DecideOutcome, { kind: 'won' }>;

export function mayDecide(ctx: PipelineContext, userId: string): boolean {
  return ctx.settings.approvers.length === 0 || ctx.settings.approvers.includes(userId);
}

/**
 * A person's decision on one approval round: refused for non-approvers and closed incidents; the
 * first decision wins atomically (across processes) and the work it starts is queued, not done here.
 */
export async function claimDecision(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  decision: Decision,
): Promise<ClaimResult> {
  if (decision.by && !mayDecide(ctx, decision.by))
    return { kind: 'not_allowed', approvers: ctx.settings.approvers };
  const ticket = await ctx.tickets.require(incidentId);
  if (isClosed(ticket.status)) return { kind: 'closed', status: ticket.status };
  const outcome = await ctx.approvals.decide(incidentId, round, decision);
  if (outcome.kind !== 'won') return outcome;
  await ctx.queues.add('apply-decision', { incidentId, round });
  return { kind: 'accepted' };
}
