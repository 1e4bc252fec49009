import { isClosed } from '../../domain/status.js';
import { refusalReason, type StepDecision } from '../../domain/step-approval.js';
import type { PipelineContext } from '../context.js';
import { checkApprover } from './approver-check.js';
import { incidentApprovers } from './incident-approvers.js';

export type StepDecisionResult =
  | { kind: 'accepted' }
  | { kind: 'not_allowed'; approvers: readonly string[] }
  | { kind: 'closed'; status: string }
  | { kind: 'unknown_step' }
  | { kind: 'already_decided'; decision: StepDecision };

/**
 * A person's decision on one `per-step` runbook step: only approvers of the service the plan
 * targets (as for the plan), only while the incident remediates and the step waits; the first
 * decision wins atomically. The paused fixer notices on its next look and carries on or stops.
 */
export async function decideStep(
  ctx: PipelineContext,
  ref: { incidentId: string; round: number; stepId: string },
  decision: { kind: 'approved' | 'rejected'; by: string; reason?: string },
): Promise<StepDecisionResult> {
  const ticket = await ctx.tickets.require(ref.incidentId);
  const approvers = incidentApprovers(ctx, ticket);
  // A runbook plan targets one service: its approvers, user groups expanded.
  const verdict = await checkApprover(ctx, ref.incidentId, approvers, decision.by);
  if (!verdict.allowed) return { kind: 'not_allowed', approvers };
  if (isClosed(ticket.status)) return { kind: 'closed', status: ticket.status };
  const existing = await ctx.stepApprovals.read(ref.incidentId, ref);
  if (existing === undefined || ticket.status !== 'Remediating') return { kind: 'unknown_step' };
  if (existing.decision) return { kind: 'already_decided', decision: existing.decision };
  const { won, decision: standing } = await ctx.stepApprovals.decide(ref.incidentId, ref, {
    ...decision,
    at: ctx.now().toISOString(),
  });
  if (!won) return { kind: 'already_decided', decision: standing };
  await ctx.timeline.append(
    ref.incidentId,
    'runbook.step_approval.decided',
    {
      round: ref.round,
      stepId: ref.stepId,
      decision: standing.kind,
      ...(standing.kind === 'approved' ? {} : { reason: refusalReason(standing) }),
    },
    { by: decision.by },
  );
  await ctx.queues.requestSlackSync(ref.incidentId);
  return { kind: 'accepted' };
}
