import { z } from 'zod';
import type { PipelineContext } from '../context.js';
import { inRound, REVIEW_STAGES } from '../stage-catalog.js';
import { runStage, type StageAttempt, storedOutput } from '../stage-runner.js';
import { loadRoundPlan, REVIEWABLE } from './plan-of-round.js';

export const DryRunOutput = z.object({
  helps: z.boolean(),
  summary: z.string(),
  predicted: z.array(z.object({ service: z.string(), before: z.number(), after: z.number() })),
});
export type DryRunOutput = z.infer<typeof DryRunOutput>;

/**
 * The plan tried by the root service's executor without changing anything (the simulation applies it
 * to a copy of its estate); a service with no automatic executor is not simulated: the approval
 * message shows its real health instead.
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
      const result = await ctx.executors
        .for(rca.rootService)
        .dryRun(plan.actions, rca.rootService, ctx.now());
      return { output: result, summary: result.summary };
    },
    next: () => ctx.queues.add('decide', { incidentId, round }),
  });
}
