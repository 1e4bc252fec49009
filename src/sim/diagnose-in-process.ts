import { intake } from '../agents/intake.js';
import { runPlan } from '../agents/plan.js';
import { runRca } from '../agents/rca.js';
import type { Reasoner, ReasoningMeta } from '../agents/reasoner.js';
import type {
  IntakeOutput,
  PlanOutput,
  RcaOutput,
  SpecialistOutput,
  TriageOutput,
} from '../agents/schemas.js';
import { runSpecialist } from '../agents/specialist.js';
import { runTriage } from '../agents/triage.js';
import type { SpecialistKind } from '../domain/faults.js';
import type { Severity } from '../domain/severity.js';
import type { TelemetrySnapshot } from '../domain/telemetry.js';
import type { EstateState } from './estate/estate-state.js';
import { generateTelemetry } from './estate/telemetry-generator.js';
import { dependencyGraph, serviceContext } from './service-context.js';
import { simulatedDirectory } from './sim-directory.js';

export interface DiagnoseRequest {
  system: string;
  issue: string;
  state: EstateState;
  seed: number;
  now: Date;
  reasoner: Reasoner;
  incidentId?: string;
  sev?: Severity;
  thresholds?: Partial<Record<SpecialistKind, number>>;
  feedback?: string;
}

export interface Diagnosis {
  intake: IntakeOutput;
  telemetry: TelemetrySnapshot;
  triage: TriageOutput;
  specialists: SpecialistOutput[];
  rca: RcaOutput;
  plan: PlanOutput;
  meta: { triage: ReasoningMeta; specialists: ReasoningMeta[]; rca: ReasoningMeta; plan: ReasoningMeta };
}

/** The whole diagnosis flow in one process, without queues: for evaluation, benchmarks and tests. */
export async function diagnoseInProcess(request: DiagnoseRequest): Promise<Diagnosis> {
  const incidentId = request.incidentId ?? 'INC-0000';
  const intook = intake(
    { incidentId, system: request.system, issue: request.issue, sev: request.sev },
    simulatedDirectory(),
  );
  const telemetry = generateTelemetry(request.state, { seed: request.seed, now: request.now });
  const context = { incidentId, system: intook.system, issue: intook.issue, service: intook.service };
  const triage = await runTriage(
    { ...context, sev: intook.sev, telemetry, thresholds: request.thresholds ?? {} },
    request.reasoner,
  );
  const specialists = await Promise.all(
    triage.output.selected.map((kind) => runSpecialist({ ...context, kind, telemetry }, request.reasoner)),
  );
  const findings = specialists.map((report) => report.output);
  const rca = await runRca({ ...context, findings, graph: dependencyGraph() }, request.reasoner);
  const plan = await runPlan(
    {
      incidentId,
      rca: rca.output,
      service: intook.service,
      target: serviceContext(rca.output.rootService),
      feedback: request.feedback,
    },
    request.reasoner,
  );
  return {
    intake: intook,
    telemetry,
    triage: triage.output,
    specialists: findings,
    rca: rca.output,
    plan: plan.output,
    meta: {
      triage: triage.meta,
      specialists: specialists.map((report) => report.meta),
      rca: rca.meta,
      plan: plan.meta,
    },
  };
}
