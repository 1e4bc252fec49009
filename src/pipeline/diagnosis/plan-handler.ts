import { runPlan } from '../../agents/plan.js';
import { IntakeOutput, PlanStageOutput, RcaOutput } from '../../agents/schemas.js';
import { roundOf } from '../../domain/approval.js';
import { withStatus } from '../../domain/ticket.js';
import { withinReach } from '../action-reach.js';
import { defineStage } from '../define-stage.js';
import { RoundInput } from '../job-catalog.js';
import { decisionHistory } from '../reports.js';
import { DIAGNOSIS_STAGES, roundKey } from '../stage-catalog.js';
import { runbookPlanFor } from './runbook-choice.js';

export function planStageKey(round: number): string {
  return roundKey(DIAGNOSIS_STAGES.plan.key, round);
}

/**
 * Turns the root cause into ordered actions: a matching team runbook's steps on a catalog service,
 * else the reasoner's plan (manual steps for the owner on a catalog service). The ticket ends
 * Remediation_Recommended.
 */
export const planJob = defineStage({
  name: 'plan',
  input: RoundInput,
  stage: ({ round }) => ({ ...DIAGNOSIS_STAGES.plan, key: planStageKey(round) }),
  output: PlanStageOutput,
  // Remediation_Recommended: this job already moved the ticket and must still hand over to review.
  runsWhile: ['Diagnosing', 'Remediation_Recommended'],
  needs: async (ctx, { incidentId }) => {
    const [intake, rca] = await Promise.all([
      ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput),
      ctx.stages.output(incidentId, DIAGNOSIS_STAGES.rca.key, RcaOutput),
    ]);
    return { intake, rca };
  },
  work: async ({ ctx, input: { incidentId, round }, ticket, needs: { intake, rca } }) => {
    // A later round answers people's decision on the one before: their reason, or the runbook they chose.
    const book = round > 1 ? await ctx.approvals.book(incidentId) : undefined;
    const decision = book ? roundOf(book, round - 1)?.decision : undefined;
    const feedback = decision?.reason;
    const fromRunbook = runbookPlanFor(ctx, rca, ticket, feedback, decision?.runbook);
    if (fromRunbook.kind === 'planned') {
      const { output } = fromRunbook;
      return { output, summary: output.summary };
    }
    const history = await decisionHistory(ctx, rca.fault, rca.rootService);
    const { output, meta } = await runPlan(
      {
        incidentId,
        rca,
        service: intake.service,
        target: ctx.directory.context(rca.rootService),
        services: [...ctx.directory.names()],
        ...(feedback ? { feedback, previous: ticket.recommendations } : {}),
        ...(history.length > 0 ? { history } : {}),
      },
      ctx.reasoner,
    );
    const refused = fromRunbook.kind === 'refused' ? ` (${fromRunbook.note})` : '';
    const planned = {
      summary: `${output.summary}${refused}`.slice(0, 500),
      actions: withinReach(ctx, output.actions),
    };
    const steps = planned.actions.map((action) => action.kind).join(' → ');
    return { output: planned, summary: `${planned.actions.length} step(s): ${steps}${refused}`, meta };
  },
  next: async ({ ctx, input: { incidentId, round }, output, ticket }) => {
    const updated = await ctx.tickets.update(
      incidentId,
      (current) =>
        current.status !== 'Diagnosing'
          ? undefined
          : {
              ...withStatus(current, 'Remediation_Recommended', { now: ctx.now(), by: 'crew' }),
              recommendations: output.actions,
            },
      { known: ticket },
    );
    if (updated.status !== 'Remediation_Recommended') return;
    await Promise.all([
      ticket.status === 'Diagnosing'
        ? ctx.timeline.append(incidentId, 'status.changed', { to: 'Remediation_Recommended', round })
        : undefined,
      ctx.queues.add('guard', { incidentId, round }),
    ]);
  },
});
