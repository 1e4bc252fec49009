import { roundOf } from '../../domain/approval.js';
import type { RunbookPlan } from '../../domain/runbook-plan.js';
import type { PipelineContext } from '../context.js';
import { loadRoundPlan } from '../review/plan-of-round.js';

export interface RoundRunbook {
  plan: RunbookPlan;
  /** Who approved the plan, every part's approver (empty for AUTO_REMEDIATE). */
  approvedBy: string[];
}

/**
 * The runbook plan remediation runs in `round`, if any: the approved or auto-approved plan of a
 * runbook. An override replaces it with people's own steps, which stay a checklist, never executed.
 */
export async function roundRunbook(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
): Promise<RoundRunbook | undefined> {
  const [{ plan }, book] = await Promise.all([
    loadRoundPlan(ctx, incidentId, round),
    ctx.approvals.book(incidentId),
  ]);
  const entry = roundOf(book, round);
  const decision = entry?.decision;
  if (plan?.runbook === undefined || decision === undefined) return undefined;
  if (decision.kind !== 'approved' && decision.kind !== 'auto') return undefined;
  // A plan approved part by part names every part's approver.
  const parts = (entry?.partApprovals ?? []).map((approval) => approval.by);
  return { plan: plan.runbook, approvedBy: [...new Set([...parts, ...(decision.by ? [decision.by] : [])])] };
}
