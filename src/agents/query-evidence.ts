import type { MetricName } from '../domain/telemetry.js';
import { clip } from './rules/evidence.js';

const MAX_EVIDENCE = 10;

/**
 * The PromQL behind each signal the evidence quotes for the root service, added while there is
 * room: a person can run the same query and see the same number.
 */
export function withQueryEvidence(
  evidence: readonly string[],
  root: string,
  queries: Readonly<Partial<Record<MetricName, string>>>,
): string[] {
  const quoted = (Object.entries(queries) as Array<[MetricName, string]>).filter(([metric]) =>
    evidence.some((line) => line.includes(`${metric} `)),
  );
  const lines = quoted.map(([metric, promql]) => clip(`PromQL for ${metric} on ${root}: ${promql}`, 300));
  return [...evidence, ...lines].slice(0, Math.max(evidence.length, MAX_EVIDENCE));
}
