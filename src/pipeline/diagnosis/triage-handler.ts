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
  const stage = DIAGNOSIS_STAGES.triage;
  const [ticket, intake, stored] = await Promise.all([
    ctx.tickets.require(incidentId),
    ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput),
    ctx.stages.output(incidentId, stage.key, TriageOutput),
  ]);
  if (ticket.status !== 'Diagnosing') return;
  if (!intake) throw new Error(`Triage of ${incidentId} before intake finished`);

  await runStage(ctx, {
    incidentId,
    stage,
    attempt,
    stored,
    work: async () => {
      const telemetry = await captureTelemetry(ctx, ticket);
      const { output, meta } = await runTriage(
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
      const chosen = output.selected.join(', ');
      return { output, summary: `${output.severity}, ${output.category}; specialists: ${chosen}`, meta };
    },
    next: async (output) => {
      await Promise.all([
        ...output.selected.map((kind) => ctx.stages.putRun(incidentId, pendingRun(specialistStage(kind)))),
        ctx.queues.addSpecialistFanOut(incidentId, output.selected),
      ]);
    },
  });
}
