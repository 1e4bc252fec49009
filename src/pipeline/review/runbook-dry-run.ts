import type { RunbookPlan } from '../../domain/runbook-plan.js';
import type { ExecutorResult } from '../../executors/port.js';
import { renderRunbookPlan } from '../../runbooks/index.js';
import type { PipelineContext } from '../context.js';
import type { DryRunOutput } from './dry-run-output.js';

type DryRunContext = Pick<PipelineContext, 'runbooks' | 'stepExecutors'>;

/** The dry-run line of one step as the approval shows it (masked by the executor). */
export function dryRunStepOf(
  stepId: string,
  result: ExecutorResult,
): NonNullable<DryRunOutput['steps']>[number] {
  const status = result.httpStatus ?? result.exitStatus;
  return {
    stepId,
    executor: result.executor.name,
    outcome: result.outcome,
    action: result.action.slice(0, 500),
    ...(status === undefined || status === null ? {} : { status }),
    durationMs: result.durationMs,
    excerpt: (result.reason ?? result.output).slice(0, 300),
  };
}

/**
 * Each step's own executor shows what it would do, changing nothing (a supervisor reads the
 * program's state, an HTTP step calls its check endpoint or only renders). It helps only when every
 * step's dry run answers ok.
 */
export async function dryRunRunbookPlan(
  ctx: DryRunContext,
  plan: Pick<RunbookPlan, 'runbookId' | 'params'>,
): Promise<DryRunOutput> {
  const rendered = renderRunbookPlan(ctx.runbooks, plan);
  if (!rendered.ok)
    return {
      helps: false,
      summary: `Runbook ${plan.runbookId} cannot be rendered: ${rendered.reason}`,
      predicted: [],
    };
  const steps: NonNullable<DryRunOutput['steps']> = [];
  for (const step of rendered.steps) {
    const executor = ctx.stepExecutors?.byName(step.executor);
    if (executor === undefined) {
      steps.push({
        stepId: step.id,
        executor: step.executor,
        outcome: 'failed',
        action: step.action.kind,
        durationMs: 0,
        excerpt: `no executor named ${step.executor} is running`,
      });
      continue;
    }
    const result = await executor.dryRun(step.action, {
      signal: AbortSignal.timeout(step.timeoutSeconds * 1000),
    });
    steps.push(dryRunStepOf(step.id, result));
  }
  const ok = steps.filter((step) => step.outcome === 'ok').length;
  return {
    helps: ok === steps.length,
    summary: `Runbook ${plan.runbookId}: ${ok} of ${steps.length} step(s) dry-run ok through their executors`,
    predicted: [],
    steps,
  };
}
