import { GuardReport, guardPlan } from '../../agents/guard/index.js';
import { defineStage } from '../define-stage.js';
import { RoundInput } from '../job-catalog.js';
import { inRound, REVIEW_STAGES } from '../stage-catalog.js';
import { loadRoundPlan, REVIEWABLE } from './plan-of-round.js';

/** Every action of the plan through the safety guard, before anyone is asked to approve it. */
export const guardJob = defineStage({
  name: 'guard',
  input: RoundInput,
  stage: ({ round }) => inRound(REVIEW_STAGES.guard, round),
  output: GuardReport,
  runsWhile: REVIEWABLE,
  needs: async (ctx, { incidentId, round }) => ({ plan: (await loadRoundPlan(ctx, incidentId, round)).plan }),
  work: async ({ needs: { plan } }) => {
    const report = guardPlan(plan.actions);
    const blocked = report.findings.filter((finding) => finding.verdict === 'block').length;
    const warned = report.findings.filter((finding) => finding.verdict === 'warn').length;
    return { output: report, summary: `${report.verdict}: ${blocked} blocked, ${warned} warned` };
  },
  next: async ({ ctx, input }) => {
    await ctx.queues.add('sandbox', input);
  },
});
