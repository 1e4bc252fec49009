import { listServices } from '../../domain/telemetry-tools.js';
import type {
  PlanInput,
  PlanOutput,
  RcaInput,
  RcaOutput,
  SpecialistInput,
  SpecialistOutput,
} from '../schemas.js';

/**
 * What a schema cannot say: a model may only name services that exist. A reply that names others
 * goes back for repair like any schema violation.
 */

function unknownNames(names: readonly string[], known: ReadonlySet<string>, path: (index: number) => string) {
  return names.flatMap((name, index) =>
    known.has(name) ? [] : [`${path(index)}: "${name}" is not a known service`],
  );
}

export function checkSpecialist(output: SpecialistOutput, input: SpecialistInput): string[] {
  const known = new Set(listServices(input.telemetry));
  return unknownNames(
    output.findings.map((finding) => finding.service),
    known,
    (index) => `findings.${index}.service`,
  );
}

export function checkRca(output: RcaOutput, input: RcaInput): string[] {
  const known = new Set([...Object.keys(input.graph), input.service.name]);
  return [
    ...unknownNames([output.rootService], known, () => 'rootService'),
    ...unknownNames(output.explains, known, (index) => `explains.${index}`),
  ];
}

export function checkPlan(output: PlanOutput, input: PlanInput): string[] {
  const known = new Set<string>([
    ...(input.services ?? []),
    input.rca.rootService,
    input.service.name,
    ...input.service.dependsOn,
    ...input.service.dependents,
  ]);
  return unknownNames(
    output.actions.map((action) => action.target),
    known,
    (index) => `actions.${index}.target`,
  );
}
