import type { Verdict } from '../../agents/verify.js';
import type { RunbookPlan } from '../../domain/runbook-plan.js';
import { renderRunbookPlan } from '../../runbooks/index.js';
import type { PipelineContext } from '../context.js';
import { stepCheckProblems } from '../step-checks.js';
import type { RunbookRun } from './runbook-fix.js';

/** A runbook plan the runner did not complete is never Resolved: people follow up. Pure. */
export function unfinishedRunVerdict(plan: RunbookPlan, run: RunbookRun): Verdict | undefined {
  if (run.status === 'completed') return undefined;
  const where = run.stepId ? ` at step ${run.stepId}` : '';
  const words: Record<Exclude<RunbookRun['status'], 'completed'>, string> = {
    failed: 'failed',
    'outcome-unknown': 'stopped: the outcome is unknown, handed to people and never run again,',
    'needs-approval': 'is waiting for a step approval',
    'running-elsewhere': 'is being run by another worker',
    rejected: 'stopped before a step that needs its own approval',
  };
  const rolledBack =
    run.status === 'failed' || run.status === 'rejected'
      ? '; the steps done before were rolled back, newest first'
      : '';
  return {
    status: 'Needs_Followup',
    summary: `Runbook ${plan.runbookId} ${words[run.status]}${where}${run.reason ? ` (${run.reason})` : ''}${rolledBack}`,
    checks: [],
  };
}

/**
 * Each step's own `verify` after its settle time: a health check is left to the health sampling that
 * follows; a PromQL check must return a result. Answers the checks that failed (empty: all hold).
 */
export async function failedStepChecks(ctx: PipelineContext, plan: RunbookPlan): Promise<string[]> {
  const rendered = renderRunbookPlan(ctx.runbooks, plan);
  if (!rendered.ok) return [rendered.reason];
  return stepCheckProblems(ctx, rendered.steps);
}
