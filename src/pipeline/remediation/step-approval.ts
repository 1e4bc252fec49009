import { guardText, reportVerdict } from '../../agents/guard/index.js';
import type { RunbookPlan } from '../../domain/runbook-plan.js';
import { refusalReason, type StepApprovalRequest } from '../../domain/step-approval.js';
import type { PipelineContext } from '../context.js';

/** How often a runbook paused at a `per-step` step looks whether people decided on it. */
export const STEP_APPROVAL_RECHECK_MS = 1_000;

/** The approval request of one step, pure: what the thread shows people before they decide. */
export function stepApprovalRequest(
  plan: RunbookPlan,
  round: number,
  stepId: string,
  now: Date,
  timeoutSeconds: number,
): StepApprovalRequest | undefined {
  const step = plan.steps.find((candidate) => candidate.stepId === stepId);
  if (step === undefined) return undefined;
  const findings = guardText(step.action);
  return {
    round,
    stepId,
    runbookId: plan.runbookId,
    title: step.title,
    executor: step.executor,
    action: step.action,
    risk: step.risk,
    guard: {
      verdict: reportVerdict(findings),
      reasons: findings.map((finding) => `${finding.ruleId} ${finding.reason}`),
    },
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + timeoutSeconds * 1000).toISOString(),
  };
}

/** Asks for the step's own approval once (a recheck or a retried job finds the request there). */
export async function requestStepApproval(
  ctx: PipelineContext,
  incidentId: string,
  request: StepApprovalRequest,
): Promise<void> {
  if (!(await ctx.stepApprovals.request(incidentId, request))) return;
  await ctx.timeline.append(incidentId, 'runbook.step_approval.requested', {
    round: request.round,
    runbookId: request.runbookId,
    stepId: request.stepId,
    risk: request.risk,
    guard: request.guard.verdict,
  });
  await ctx.queues.requestSlackSync(incidentId);
}

/**
 * Whether the round waits on a step approval: a request with no decision yet. One whose time ran out
 * is decided as timed out here (the first decision stands, a person's click included), so the run
 * goes on and stops at that step.
 */
export async function waitsForStepApproval(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
): Promise<boolean> {
  const open = (await ctx.stepApprovals.list(incidentId)).filter(
    (approval) => approval.request.round === round && approval.decision === undefined,
  );
  const now = ctx.now();
  let waiting = false;
  for (const { request } of open) {
    if (Date.parse(request.expiresAt) > now.getTime()) {
      waiting = true;
      continue;
    }
    const { won, decision } = await ctx.stepApprovals.decide(
      incidentId,
      { round, stepId: request.stepId },
      { kind: 'timed_out', at: now.toISOString() },
    );
    if (won)
      await ctx.timeline.append(incidentId, 'runbook.step_approval.decided', {
        round,
        stepId: request.stepId,
        decision: decision.kind,
        reason: refusalReason(decision),
      });
  }
  return waiting;
}
