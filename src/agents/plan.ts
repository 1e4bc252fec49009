import { z } from 'zod';
import { RUNBOOK } from '../domain/runbook.js';
import { type PlannedAction, PlannedAction as PlannedActionSchema } from '../domain/ticket.js';
import type { Reasoned, Reasoner } from './reasoner.js';
import { PlanInput, PlanOutput } from './schemas.js';
import { validateReasonerOutput, validateStageInput } from './stage-io.js';

/** What a reasoner may leave out: the runbook and the diagnosis know it. */
const SketchedAction = PlannedActionSchema.partial({
  id: true,
  target: true,
  description: true,
  risk: true,
  blastRadius: true,
  rollback: true,
});
const SketchedPlan = PlanOutput.extend({ actions: z.array(SketchedAction).min(1).max(10) });

export function completePlan(plan: z.infer<typeof SketchedPlan>, rootService: string): PlanOutput {
  const used = new Set<string>();
  const actions = plan.actions.map((action, index): PlannedAction => {
    const entry = RUNBOOK[action.kind];
    const id = action.id && !used.has(action.id) ? action.id : `a${index + 1}`;
    used.add(id);
    return {
      id,
      kind: action.kind,
      target: action.target || rootService,
      description: action.description || `${entry.title} on ${action.target || rootService}`,
      risk: action.risk ?? entry.risk,
      blastRadius: action.blastRadius || entry.blastRadius,
      rollback: action.rollback || entry.rollback,
    };
  });
  return { summary: plan.summary, actions };
}

export async function runPlan(
  input: z.input<typeof PlanInput>,
  reasoner: Reasoner,
): Promise<Reasoned<PlanOutput>> {
  const parsed = validateStageInput('plan', PlanInput, input);
  const { output, meta } = await reasoner.plan(parsed);
  const sketched = validateReasonerOutput('plan', SketchedPlan, output);
  return { output: PlanOutput.parse(completePlan(sketched, parsed.rca.rootService)), meta };
}
