import { PlanOutput, RcaOutput, SpecialistOutput } from '../../agents/schemas.js';
import type { StageRun } from '../../domain/stage-run.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { planStageKey } from '../../pipeline/diagnosis/plan-handler.js';
import { DIAGNOSIS_STAGES } from '../../pipeline/stage-catalog.js';

/** Everything the thread shows about one incident, read in one go. */
export interface IncidentSnapshot {
  ticket: Ticket;
  runs: StageRun[];
  specialists: SpecialistOutput[];
  rca?: RcaOutput;
  plans: Array<{ round: number; output: PlanOutput }>;
}

const MAX_PLAN_ROUNDS = 10;

export async function loadIncidentSnapshot(
  ctx: PipelineContext,
  incidentId: string,
): Promise<IncidentSnapshot | undefined> {
  const ticket = await ctx.tickets.get(incidentId);
  if (!ticket) return undefined;
  const runs = await ctx.stages.runs(incidentId);
  const doneKeys = new Set(runs.filter((run) => run.state === 'done').map((run) => run.key));
  const specialistKeys = [...doneKeys].filter((key) => key.startsWith('specialist:'));
  const planRounds = Array.from({ length: MAX_PLAN_ROUNDS }, (_, index) => index + 1).filter((round) =>
    doneKeys.has(planStageKey(round)),
  );
  const [specialists, rca, planOutputs] = await Promise.all([
    ctx.stages.outputs(incidentId, specialistKeys, SpecialistOutput),
    doneKeys.has(DIAGNOSIS_STAGES.rca.key)
      ? ctx.stages.output(incidentId, DIAGNOSIS_STAGES.rca.key, RcaOutput)
      : undefined,
    ctx.stages.outputs(incidentId, planRounds.map(planStageKey), PlanOutput),
  ]);
  return {
    ticket,
    runs,
    specialists,
    ...(rca ? { rca } : {}),
    plans: planOutputs.map((output, index) => ({ round: planRounds[index] ?? index + 1, output })),
  };
}
