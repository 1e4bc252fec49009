import { FAULT_CATALOG, FAULT_KINDS, type FaultKind } from '../src/domain/faults.js';
import { FAULT_TARGETS } from '../src/sim/fault-targets.js';
import type { ServiceName } from '../src/sim/services.js';

/** How the incident reaches the crew: what a person or an alert would say, and where. */
export const ISSUE_VARIANTS = {
  symptom: { label: 'symptom as issue', system: null, issue: null },
  vague: { label: '"something is wrong"', system: null, issue: 'something is wrong' },
  edge: { label: 'web-edge: "users see errors"', system: 'web-edge', issue: 'users see errors' },
} as const;
export type IssueVariant = keyof typeof ISSUE_VARIANTS;

export interface EvalCase {
  id: string;
  fault: FaultKind;
  service: ServiceName;
  seed: number;
  variant: IssueVariant;
  system: string;
  issue: string;
}

/** Every fault on every service it applies to, × seeds 1..n, × issue variants. */
export function evalCases(seeds: number, variants: readonly IssueVariant[]): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const fault of FAULT_KINDS) {
    for (const service of FAULT_TARGETS[fault].appliesTo) {
      for (let seed = 1; seed <= seeds; seed++) {
        for (const variant of variants) {
          const how = ISSUE_VARIANTS[variant];
          cases.push({
            id: `EVAL-${String(cases.length + 1).padStart(4, '0')}`,
            fault,
            service,
            seed,
            variant,
            system: how.system ?? service,
            issue: how.issue ?? FAULT_CATALOG[fault].symptom,
          });
        }
      }
    }
  }
  return cases;
}
