import { defineStage } from '../define-stage.js';
import { RoundInput } from '../job-catalog.js';
import { inRound, REVIEW_STAGES } from '../stage-catalog.js';
import { DryRunOutput } from './dry-run-output.js';
import { loadRoundPlan, REVIEWABLE } from './plan-of-round.js';
import { dryRunRunbookPlan } from './runbook-dry-run.js';

/**
 * The plan tried without changing anything: a runbook plan step by step through each step's own
 * executor; otherwise by the root service's executor (the simulation applies it to a copy of its
 * estate; a service with no automatic executor is not simulated: the approval shows its real health).
 */
export const sandboxJob = defineStage({
  name: 'sandbox',
  input: RoundInput,
  stage: ({ round }) => inRound(REVIEW_STAGES.sandbox, round),
  output: DryRunOutput,
  runsWhile: REVIEWABLE,
  needs: (ctx, { incidentId, round }) => loadRoundPlan(ctx, incidentId, round),
  work: async ({ ctx, needs: { plan, rca } }) => {
    if (plan.runbook) {
      const result = await dryRunRunbookPlan(ctx, plan.runbook);
      return { output: result, summary: result.summary };
    }
    const result = await ctx.executors.for(rca.rootService).dryRun(plan.actions, rca.rootService, ctx.now());
    return { output: result, summary: result.summary };
  },
  next: async ({ ctx, input }) => {
    await ctx.queues.add('decide', input);
  },
});
