import { runRca } from '../../agents/rca.js';
import { IntakeOutput, RcaOutput, SpecialistOutput, TriageOutput } from '../../agents/schemas.js';
import { clampScore, confidenceBand } from '../../domain/confidence.js';
import { SERVICE_CATALOG } from '../../domain/services.js';
import type { PipelineContext } from '../context.js';
import { DIAGNOSIS_STAGES, specialistStage } from '../stage-catalog.js';
import { runStage, type StageAttempt } from '../stage-runner.js';

const dependencyGraph = Object.fromEntries(
  Object.values(SERVICE_CATALOG).map((service) => [service.name, [...service.dependsOn]]),
);

/** Runs once every specialist has finished (or given up); walks the graph to the upstream cause. */
export async function handleRca(
  ctx: PipelineContext,
  incidentId: string,
  attempt: StageAttempt,
): Promise<void> {
  const ticket = await ctx.tickets.require(incidentId);
  if (ticket.status !== 'Diagnosing') return;
  const stage = DIAGNOSIS_STAGES.rca;
  const [intake, triage, stored] = await Promise.all([
    ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput),
    ctx.stages.output(incidentId, DIAGNOSIS_STAGES.triage.key, TriageOutput),
    ctx.stages.output(incidentId, stage.key, RcaOutput),
  ]);
  if (!intake || !triage) throw new Error(`RCA of ${incidentId} before triage finished`);

  const output = await runStage(ctx, incidentId, stage, attempt, stored, async () => {
    const findings = await ctx.stages.outputs(
      incidentId,
      triage.selected.map((kind) => specialistStage(kind).key),
      SpecialistOutput,
    );
    const { output: result, meta } = await runRca(
      {
        incidentId,
        system: intake.system,
        issue: intake.issue,
        service: intake.service,
        findings,
        graph: dependencyGraph,
      },
      ctx.reasoner,
    );
    return {
      output: result,
      summary: `${result.fault} on ${result.rootService} (${result.confidence}%)`,
      meta,
    };
  });

  await ctx.tickets.update(incidentId, (current) =>
    current.rca
      ? undefined
      : {
          ...current,
          rca: {
            rootService: output.rootService,
            fault: output.fault,
            summary: output.summary,
            evidence: output.evidence,
          },
          confidence: { score: clampScore(output.confidence), band: confidenceBand(output.confidence) },
        },
  );
  await ctx.queues.add('plan', { incidentId, round: 1 });
}
