import { runPlan } from '../../agents/plan.js';
import { IntakeOutput, PlanOutput, RcaOutput } from '../../agents/schemas.js';
import { withStatus } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { DIAGNOSIS_STAGES } from '../stage-catalog.js';
import { runStage, type StageAttempt } from '../stage-runner.js';

export function planStageKey(round: number): string {
  return round === 1 ? DIAGNOSIS_STAGES.plan.key : `${DIAGNOSIS_STAGES.plan.key}:r${round}`;
}

/** Turns the root cause into ordered runbook actions; the ticket ends Remediation_Recommended. */
export async function handlePlan(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  attempt: StageAttempt,
): Promise<void> {
  const stage = { ...DIAGNOSIS_STAGES.plan, key: planStageKey(round) };
  const [ticket, intake, rca, stored] = await Promise.all([
    ctx.tickets.require(incidentId),
    ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput),
    ctx.stages.output(incidentId, DIAGNOSIS_STAGES.rca.key, RcaOutput),
    ctx.stages.output(incidentId, stage.key, PlanOutput),
  ]);
  if (ticket.status !== 'Diagnosing') return;
  if (!intake || !rca) throw new Error(`Plan of ${incidentId} before rca finished`);

  await runStage(ctx, {
    incidentId,
    stage,
    attempt,
    stored,
    work: async () => {
      const { output, meta } = await runPlan({ incidentId, rca, service: intake.service }, ctx.reasoner);
      const steps = output.actions.map((action) => action.kind).join(' → ');
      return { output, summary: `${output.actions.length} step(s): ${steps}`, meta };
    },
    next: async (output) => {
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
      if (updated.status === 'Remediation_Recommended') {
        await ctx.timeline.append(incidentId, 'status.changed', { to: 'Remediation_Recommended' });
      }
      await ctx.queues.requestSlackSync(incidentId);
    },
  });
}
