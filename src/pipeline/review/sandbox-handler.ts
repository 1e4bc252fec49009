import type { PipelineContext } from '../context.js';
import { inRound, REVIEW_STAGES } from '../stage-catalog.js';
import { runStage, type StageAttempt, storedOutput } from '../stage-runner.js';
import { DryRunOutput } from './dry-run-output.js';
import { loadRoundPlan, REVIEWABLE } from './plan-of-round.js';
import { dryRunRunbookPlan } from './runbook-dry-run.js';

/**
 * The plan tried without changing anything: a runbook plan step by step through each step's own
 * executor; otherwise by the root service's executor (the simulation applies it to a copy of its
 * estate; a service with no automatic executor is not simulated: the approval shows its real health).
 */
export async function handleSandbox(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  attempt: StageAttempt,
) {
  const stage = inRound(REVIEW_STAGES.sandbox, round);
  const [{ plan, rca }, stored] = await Promise.all([
    loadRoundPlan(ctx, incidentId, round),
    storedOutput(ctx, attempt, incidentId, stage.key, DryRunOutput),
  ]);
  await runStage(ctx, {
    incidentId,
    stage,
    attempt,
    runsWhile: REVIEWABLE,
    needs: { plan, rca },
    stored,
    work: async (_ticket, { plan, rca }) => {
      if (plan.runbook) {
        const result = await dryRunRunbookPlan(ctx, plan.runbook);
        return { output: result, summary: result.summary };
      }
      const result = await ctx.executors
        .for(rca.rootService)
        .dryRun(plan.actions, rca.rootService, ctx.now());
      return { output: result, summary: result.summary };
    },
    next: () => ctx.queues.add('decide', { incidentId, round }),
  });
}
