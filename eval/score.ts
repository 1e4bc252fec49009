import type { IssueVariant } from './cases.js';
import type { Outcome } from './run-cases.js';

export const CONFIDENCE_BANDS = [
  { label: '0-49', min: 0, max: 49 },
  { label: '50-69', min: 50, max: 69 },
  { label: '70-84', min: 70, max: 84 },
  { label: '85-94', min: 85, max: 94 },
  { label: '95-100', min: 95, max: 100 },
] as const;

export interface BandRow {
  label: string;
  cases: number;
  meanConfidence: number;
  right: number;
}

export interface Scores {
  cases: number;
  errors: number;
  root: number;
  fault: number;
  both: number;
  /** Mean of (confidence/100 − right)², right meaning service and fault both named. */
  brier: number;
  bands: BandRow[];
  bothByVariant: Partial<Record<IssueVariant, number>>;
  stages: number;
  modelStages: number;
  /** Fallback reasons, folded to their leading clause, with counts. */
  fallbacks: [string, number][];
  tokensPerIncident: number;
}

const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
const mean = (values: readonly number[]) =>
  share(
    values.reduce((sum, value) => sum + value, 0),
    values.length,
  );

function isRight(outcome: Outcome): boolean {
  return outcome.rootService === outcome.case.service && outcome.fault === outcome.case.fault;
}

/** One diagnosis against the truth: what was broken, and what the RCA named with what confidence. */
export interface Judged {
  truth: { service: string; fault: string };
  rootService: string;
  fault: string;
  confidence: number;
}

export type Accuracy = Pick<Scores, 'cases' | 'root' | 'fault' | 'both' | 'brier' | 'bands'>;

/** Root service, fault and both named right; the Brier score of the confidence; calibration bands. */
export function accuracy(rows: readonly Judged[]): Accuracy {
  const right = (row: Judged) => row.rootService === row.truth.service && row.fault === row.truth.fault;
  const bands = CONFIDENCE_BANDS.map((band) => {
    const inBand = rows.filter((row) => row.confidence >= band.min && row.confidence <= band.max);
    return {
      label: band.label,
      cases: inBand.length,
      meanConfidence: mean(inBand.map((row) => row.confidence)),
      right: share(inBand.filter(right).length, inBand.length),
    };
  });
  return {
    cases: rows.length,
    root: share(rows.filter((row) => row.rootService === row.truth.service).length, rows.length),
    fault: share(rows.filter((row) => row.fault === row.truth.fault).length, rows.length),
    both: share(rows.filter(right).length, rows.length),
    brier: mean(rows.map((row) => (row.confidence / 100 - (right(row) ? 1 : 0)) ** 2)),
    bands,
  };
}

function foldReason(reason: string): string {
  return reason.replace(/ \([^)]*\)$/, '').split(': ')[0] ?? reason;
}

export function score(outcomes: readonly Outcome[]): Scores {
  const variants = [...new Set(outcomes.map((o) => o.case.variant))];
  const metas = outcomes.flatMap((o) => o.metas);
  const fallbacks = new Map<string, number>();
  for (const meta of metas) {
    if (meta.fallbackReason) {
      const key = foldReason(meta.fallbackReason);
      fallbacks.set(key, (fallbacks.get(key) ?? 0) + 1);
    }
  }
  return {
    ...accuracy(outcomes.map((o) => ({ ...o, truth: { service: o.case.service, fault: o.case.fault } }))),
    errors: outcomes.filter((o) => o.error !== undefined).length,
    bothByVariant: Object.fromEntries(
      variants.map((variant) => {
        const of = outcomes.filter((o) => o.case.variant === variant);
        return [variant, share(of.filter(isRight).length, of.length)];
      }),
    ),
    stages: metas.length,
    modelStages: metas.filter((meta) => meta.engine === 'model').length,
    fallbacks: [...fallbacks.entries()].sort((a, b) => b[1] - a[1]),
    tokensPerIncident: mean(
      outcomes.map((o) => o.metas.reduce((sum, meta) => sum + (meta.tokens?.total ?? 0), 0)),
    ),
  };
}
