import { IntakeOutput, TriageOutput } from '../../agents/schemas.js';
import { runTriage } from '../../agents/triage.js';
import type { PipelineContext } from '../context.js';
import { DIAGNOSIS_STAGES, pendingRun, specialistStage } from '../stage-catalog.js';
import { runStage, type StageAttempt } from '../stage-runner.js';
import { captureTelemetry } from './telemetry-capture.js';

/** Scores the specialists and fans out to the chosen ones, in parallel, with rca as their parent. */
export async function handleTriage(
  ctx: PipelineContext,
  incidentId: string,
  attempt: StageAttempt,
): Promise<void> {
  const ticket = await ctx.tickets.require(incidentId);
  if (ticket.status !== 'Diagnosing') return;
  const stage = DIAGNOSIS_STAGES.triage;
  const intake = await ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput);
  if (!intake) throw new Error(`Triage of ${incidentId} before intake finished`);
  const stored = await ctx.stages.output(incidentId, stage.key, TriageOutput);

  const output = await runStage(ctx, incidentId, stage, attempt, stored, async () => {
    const telemetry = await captureTelemetry(ctx, ticket);
    const { output: result, meta } = await runTriage(
      {
        incidentId,
        system: intake.system,
        issue: intake.issue,
        sev: intake.sev,
        service: intake.service,
        telemetry,
        thresholds: {},
      },
      ctx.reasoner,
    );
    const chosen = result.selected.join(', ');
    return {
      output: result,
      summary: `${result.severity}, ${result.category}; specialists: ${chosen}`,
      meta,
    };
  });

  await Promise.all(
    output.selected.map((kind) => ctx.stages.putRun(incidentId, pendingRun(specialistStage(kind)))),
  );
  await ctx.queues.addSpecialistFanOut(incidentId, output.selected);
}
