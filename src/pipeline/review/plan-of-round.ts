import { PlanStageOutput, RcaOutput } from '../../agents/schemas.js';
import type { Status } from '../../domain/status.js';
import type { PipelineContext } from '../context.js';
import { planStageKey } from '../diagnosis/plan-handler.js';
import { DIAGNOSIS_STAGES } from '../stage-catalog.js';

/** Undefined where the stage that makes it has not run: the review stage fails if it may run. */
export interface RoundPlan {
  plan: PlanStageOutput | undefined;
  rca: RcaOutput | undefined;
}

/** The plan of `round` and the root cause it answers, as the review stages need them. */
export async function loadRoundPlan(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
): Promise<RoundPlan> {
  const [plan, rca] = await Promise.all([
    ctx.stages.output(incidentId, planStageKey(round), PlanStageOutput),
    ctx.stages.output(incidentId, DIAGNOSIS_STAGES.rca.key, RcaOutput),
  ]);
  return { plan, rca };
}

/** Review stages act only while the plan they review is the ticket's current one. */
export const REVIEWABLE: readonly Status[] = ['Remediation_Recommended'];
