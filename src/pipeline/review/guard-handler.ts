import { GuardReport, guardPlan } from '../../agents/guard/index.js';
import type { PipelineContext } from '../context.js';
import { inRound, REVIEW_STAGES } from '../stage-catalog.js';
import { runStage, type StageAttempt, storedOutput } from '../stage-runner.js';
import { loadRoundPlan, REVIEWABLE } from './plan-of-round.js';

/** Every action of the plan through the safety guard, before anyone is asked to approve it. */
export async function handleGuard(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  attempt: StageAttempt,
) {
  const stage = inRound(REVIEW_STAGES.guard, round);
  const [{ plan }, stored] = await Promise.all([
    loadRoundPlan(ctx, incidentId, round),
    storedOutput(ctx, attempt, incidentId, stage.key, GuardReport),
  ]);
  await runStage(ctx, {
    incidentId,
    stage,
    attempt,
    runsWhile: REVIEWABLE,
    needs: { plan },
    stored,
    work: async (_ticket, { plan }) => {
      const report = guardPlan(plan.actions);
      const blocked = report.findings.filter((finding) => finding.verdict === 'block').length;
      const warned = report.findings.filter((finding) => finding.verdict === 'warn').length;
      return { output: report, summary: `${report.verdict}: ${blocked} blocked, ${warned} warned` };
    },
    next: () => ctx.queues.add('sandbox', { incidentId, round }),
  });
}
