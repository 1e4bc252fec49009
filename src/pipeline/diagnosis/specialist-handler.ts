import { IntakeOutput, SpecialistOutput } from '../../agents/schemas.js';
import { runSpecialist } from '../../agents/specialist.js';
import { SpecialistKind } from '../../domain/faults.js';
import { TelemetrySnapshot } from '../../domain/telemetry.js';
import { defineStage } from '../define-stage.js';
import { IncidentInput } from '../job-catalog.js';
import { DIAGNOSIS_STAGES, specialistStage } from '../stage-catalog.js';

/** One specialist's reading of the telemetry snapshot triage captured. */
export const specialistJob = defineStage({
  name: 'specialist',
  input: IncidentInput.extend({ kind: SpecialistKind }),
  stage: ({ kind }) => specialistStage(kind),
  output: SpecialistOutput,
  runsWhile: ['Diagnosing'],
  needs: async (ctx, { incidentId }) => {
    const [intake, telemetry] = await Promise.all([
      ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput),
      ctx.stages.telemetry(incidentId, TelemetrySnapshot),
    ]);
    return { intake, telemetry };
  },
  work: async ({ ctx, input: { incidentId, kind }, needs: { intake, telemetry } }) => {
    const { output, meta } = await runSpecialist(
      { incidentId, kind, system: intake.system, issue: intake.issue, service: intake.service, telemetry },
      ctx.reasoner,
    );
    const top = output.findings[0];
    const summary = top ? `${output.findings.length} finding(s); top: ${top.summary}` : 'nothing abnormal';
    return { output, summary, meta };
  },
});
