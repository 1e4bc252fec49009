import { IntakeOutput, SpecialistOutput } from '../../agents/schemas.js';
import { runSpecialist } from '../../agents/specialist.js';
import type { SpecialistKind } from '../../domain/faults.js';
import { TelemetrySnapshot } from '../../domain/telemetry.js';
import type { PipelineContext } from '../context.js';
import { DIAGNOSIS_STAGES, specialistStage } from '../stage-catalog.js';
import { runStage, type StageAttempt, storedOutput } from '../stage-runner.js';

export async function handleSpecialist(
  ctx: PipelineContext,
  incidentId: string,
  kind: SpecialistKind,
  attempt: StageAttempt,
): Promise<void> {
  const stage = specialistStage(kind);
  const [stored, intake, telemetry] = await Promise.all([
    storedOutput(ctx, attempt, incidentId, stage.key, SpecialistOutput),
    ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput),
    ctx.stages.telemetry(incidentId, TelemetrySnapshot),
  ]);
  await runStage(ctx, {
    incidentId,
    stage,
    attempt,
    runsWhile: ['Diagnosing'],
    needs: { intake, telemetry },
    stored,
    work: async (_ticket, { intake, telemetry }) => {
      const { output, meta } = await runSpecialist(
        { incidentId, kind, system: intake.system, issue: intake.issue, service: intake.service, telemetry },
        ctx.reasoner,
      );
      const top = output.findings[0];
      const summary = top ? `${output.findings.length} finding(s); top: ${top.summary}` : 'nothing abnormal';
      return { output, summary, meta };
    },
  });
}
