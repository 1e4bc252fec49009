import { z } from 'zod';
import { Risk } from './runbook.js';

/**
 * A runbook step marked `approval: per-step`: the runner pauses before it and asks its own
 * approval in the thread (title, rendered action with secrets masked, risk, the guard's verdict).
 */
export const StepApprovalRequest = z.object({
  round: z.number().int().positive(),
  stepId: z.string().min(1).max(80),
  runbookId: z.string().min(1).max(80),
  title: z.string().max(200),
  executor: z.string().min(1).max(100),
  action: z.string().max(500),
  risk: Risk,
  guard: z.object({ verdict: z.enum(['allow', 'warn', 'block']), reasons: z.array(z.string()) }),
  requestedAt: z.string(),
  expiresAt: z.string(),
});
export type StepApprovalRequest = z.infer<typeof StepApprovalRequest>;

/** The first decision on a step stands: a person's, or the timeout's. */
export const StepDecision = z.object({
  kind: z.enum(['approved', 'rejected', 'timed_out']),
  by: z.string().optional(),
  at: z.string(),
  reason: z.string().max(500).optional(),
});
export type StepDecision = z.infer<typeof StepDecision>;

export interface StepApproval {
  request: StepApprovalRequest;
  decision?: StepDecision;
}

/**
 * The steps of `round` people approved (and who did), and those refused (rejected or timed out)
 * with why. Pure.
 */
export function stepDecisionsOf(
  approvals: readonly StepApproval[],
  round: number,
): { approved: Set<string>; approvedBy: string[]; refused: Map<string, string> } {
  const approved = new Set<string>();
  const approvedBy: string[] = [];
  const refused = new Map<string, string>();
  for (const { request, decision } of approvals) {
    if (request.round !== round || decision === undefined) continue;
    if (decision.kind !== 'approved') refused.set(request.stepId, refusalReason(decision));
    else {
      approved.add(request.stepId);
      if (decision.by) approvedBy.push(decision.by);
    }
  }
  return { approved, approvedBy, refused };
}

export function refusalReason(decision: StepDecision): string {
  if (decision.kind === 'timed_out') return 'nobody approved the step in time';
  const by = decision.by ? ` by <@${decision.by}>` : '';
  return `rejected${by}${decision.reason ? `: ${decision.reason}` : ''}`;
}
