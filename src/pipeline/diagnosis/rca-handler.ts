import { withQueryEvidence } from '../../agents/query-evidence.js';
import { runRca } from '../../agents/rca.js';
import { IntakeOutput, RcaOutput, SpecialistOutput, TriageOutput } from '../../agents/schemas.js';
import { withWorkloadEvidence, workloadEvidenceLines } from '../../agents/workload-lines.js';
import { changeEvidence } from '../../domain/change.js';
import { clampScore, confidenceBand } from '../../domain/confidence.js';
import type { SpecialistKind } from '../../domain/faults.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { defineStage } from '../define-stage.js';
import { IncidentInput } from '../job-catalog.js';
import { DIAGNOSIS_STAGES, specialistStage } from '../stage-catalog.js';
import { captureTelemetry } from './telemetry-capture.js';

/** RcaOutput keeps at most ten evidence lines. */
const RCA_EVIDENCE_MAX = 10;

/** Runs once every specialist has finished (or given up); walks the graph to the upstream cause. */
export const rcaJob = defineStage({
  name: 'rca',
  input: IncidentInput,
  stage: () => DIAGNOSIS_STAGES.rca,
  output: RcaOutput,
  runsWhile: ['Diagnosing'],
  needs: async (ctx, { incidentId }) => {
    const [intake, triage] = await Promise.all([
      ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput),
      ctx.stages.output(incidentId, DIAGNOSIS_STAGES.triage.key, TriageOutput),
    ]);
    return { intake, triage };
  },
  work: async ({ ctx, input: { incidentId }, ticket, needs: { intake, triage } }) => {
    const findings = await ctx.stages.outputs(
      incidentId,
      triage.selected.map((kind) => specialistStage(kind).key),
      SpecialistOutput,
    );
    const { output, meta } = await runRca(
      {
        incidentId,
        system: intake.system,
        issue: intake.issue,
        service: intake.service,
        findings,
        graph: ctx.directory.graph(),
        unmeasured: await unmeasuredOn(ctx, ticket, intake.system),
      },
      ctx.reasoner,
    );
    const queries = ctx.catalog?.promql(output.rootService) ?? {};
    const workload = (await captureTelemetry(ctx, ticket)).kubernetes;
    const evidence = [
      ...changeEvidence(ticket.changes, ticket.createdAt),
      ...withQueryEvidence(withWorkloadEvidence(output.evidence, workload), output.rootService, queries),
    ].slice(0, RCA_EVIDENCE_MAX);
    return {
      output: { ...output, evidence },
      summary: `${output.fault} on ${output.rootService} (${output.confidence}%)`,
      meta,
    };
  },
  // The plan is this job's parent in the flow: it starts when this job completes.
  next: async ({ ctx, input: { incidentId }, output, ticket, needs: { triage } }) => {
    await Promise.all([
      ctx.tickets.update(
        incidentId,
        (current) =>
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
                confidence: {
                  score: clampScore(output.confidence),
                  band: confidenceBand(output.confidence),
                },
              },
        { known: ticket },
      ),
      learnSpecialistUsefulness(ctx, incidentId, triage.selected, output),
    ]);
  },
});

/** A specialist whose findings named the root cause was worth calling: triage will call it sooner. */
async function learnSpecialistUsefulness(
  ctx: PipelineContext,
  incidentId: string,
  selected: readonly SpecialistKind[],
  rca: RcaOutput,
): Promise<void> {
  const outputs = await ctx.stages.outputs(
    incidentId,
    selected.map((kind) => specialistStage(kind).key),
    SpecialistOutput,
  );
  const usefulness = Object.fromEntries(
    outputs.map((output) => [
      output.kind,
      output.findings.some((finding) => finding.service === rca.rootService && finding.fault === rca.fault),
    ]),
  );
  await ctx.learning.recordSpecialistUsefulness(usefulness);
}

/** The snapshot's notes about the incident's service, when none of its signals has data. */
async function unmeasuredOn(ctx: PipelineContext, ticket: Ticket, service: string): Promise<string[]> {
  const snapshot = await captureTelemetry(ctx, ticket);
  // `service` comes from an alert: a parsed record would answer `constructor` from Object's prototype.
  const telemetry = Object.hasOwn(snapshot.services, service) ? snapshot.services[service] : undefined;
  const series = Object.values(telemetry?.metrics ?? {}).filter((points) => points.length > 0);
  const kubernetes =
    snapshot.kubernetes && !snapshot.kubernetes.available ? workloadEvidenceLines(snapshot.kubernetes) : [];
  if (series.length > 0) return kubernetes;
  const notes = (snapshot.notes ?? []).filter((note) => note.includes(service));
  return [
    ...(notes.length > 0 ? notes : [`no telemetry for ${service} in the ${snapshot.source} snapshot`]),
    ...kubernetes,
  ];
}
