import { setTimeout as delay } from 'node:timers/promises';
import type { Verdict } from '../../agents/verify.js';
import type { RunbookPlan } from '../../domain/runbook-plan.js';
import { renderRunbookPlan } from '../../runbooks/index.js';
import type { PipelineContext } from '../context.js';
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
  const verifies = rendered.steps.flatMap((step) =>
    step.verify ? [{ step: step.id, verify: step.verify }] : [],
  );
  const settleSeconds = Math.max(0, ...verifies.map(({ verify }) => verify.settleSeconds));
  if (settleSeconds > 0) await delay(settleSeconds * 1000);
  const failed: string[] = [];
  for (const { step, verify } of verifies) {
    if (!('promql' in verify)) continue;
    if (ctx.prometheus === undefined) {
      failed.push(`step ${step}: no Prometheus to check ${verify.promql}`);
      continue;
    }
    const answer = await ctx.prometheus.queryInstant(verify.promql, ctx.now(), AbortSignal.timeout(10_000));
    if (!answer.ok) failed.push(`step ${step}: ${verify.promql} could not be read`);
    else if (answer.value.length === 0) failed.push(`step ${step}: ${verify.promql} returned nothing`);
  }
  return failed;
}
