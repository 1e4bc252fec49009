import { rcaByRules } from '../../src/agents/rules/rca-rules.js';
import { SPECIALIST_RULES } from '../../src/agents/rules/specialist-rules.js';
import type { PlanInput, RcaInput, SpecialistInput, TriageInput } from '../../src/agents/schemas.js';
import { FAULT_CATALOG, type FaultKind, type SpecialistKind } from '../../src/domain/faults.js';
import { generateTelemetry, initialEstate, injectFault } from '../../src/sim/estate/index.js';
import { FAULT_TARGETS } from '../../src/sim/fault-targets.js';
import { dependencyGraph, serviceContext } from '../../src/sim/service-context.js';
import type { ServiceName } from '../../src/sim/services.js';

export const STAGE_NOW = new Date('2025-03-01T12:00:00Z');

export interface StageInputs {
  triage: TriageInput;
  specialist: (kind: SpecialistKind) => SpecialistInput;
  rca: RcaInput;
  plan: PlanInput;
}

/** Typed inputs of every stage for one injected fault, chained through the rule reasoner. */
export function stageInputs(
  incidentId: string,
  options: { fault?: FaultKind; service?: ServiceName; seed?: number } = {},
): StageInputs {
  const fault = options.fault ?? 'slow';
  const system = options.service ?? FAULT_TARGETS[fault].defaultService;
  const state = injectFault(initialEstate(), system, fault, new Date(STAGE_NOW.getTime() - 5 * 60_000));
  const telemetry = generateTelemetry(state, { seed: options.seed ?? 1, now: STAGE_NOW });
  const issue = FAULT_CATALOG[fault].symptom;
  const service = serviceContext(system);
  const base = { incidentId, system, issue, service };
  const specialist = (kind: SpecialistKind): SpecialistInput => ({ ...base, kind, telemetry });
  const findings = [
    SPECIALIST_RULES[FAULT_CATALOG[fault].specialist](specialist(FAULT_CATALOG[fault].specialist)),
  ];
  const rca: RcaInput = { ...base, findings, graph: dependencyGraph() };
  return {
    triage: { ...base, sev: FAULT_CATALOG[fault].severity, telemetry, thresholds: {} },
    specialist,
    rca,
    plan: { incidentId, rca: rcaByRules(rca), service },
  };
}
