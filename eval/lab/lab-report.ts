import { LAB_FAULTS } from '../../lab/topology.js';
import { pct, printCalibration, row, write } from '../report.js';
import { type Accuracy, accuracy } from '../score.js';
import type { LabCase } from './lab-cases.js';

/** One lab case as run: what the RCA said, the verdict, the timings, Prometheus's word. */
export interface LabOutcome {
  case: LabCase;
  incidentId?: string;
  rootService: string;
  fault: string;
  confidence: number;
  summary: string;
  diagnosedStatus?: string;
  verdict?: string;
  resolution?: string;
  faultToAlertMs?: number;
  alertToApprovalMs?: number;
  approvalToVerdictMs?: number;
  healthyAtEnd: boolean;
  prometheusProblems: string[];
  /** Set when the case could not run to its end (no alert, a timeout…). */
  error?: string;
}

export interface LabSummary {
  accuracy: Accuracy;
  bothByFault: Record<string, number>;
  resolved: number;
  healthyAtEnd: number;
  /** Closed Resolved while Prometheus still showed the fault: must be 0. */
  resolvedWhileFaulty: number;
  errors: number;
  timings: Record<
    'faultToAlertMs' | 'alertToApprovalMs' | 'approvalToVerdictMs',
    { median: number; max: number; n: number }
  >;
}

function spread(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length === 0 ? 0 : (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0);
  return { median, max: sorted.at(-1) ?? 0, n: sorted.length };
}

const judged = (outcomes: readonly LabOutcome[]) =>
  outcomes.map((outcome) => ({ ...outcome, truth: outcome.case.truth }));

export function summarize(outcomes: readonly LabOutcome[]): LabSummary {
  const timing = (pick: (o: LabOutcome) => number | undefined) =>
    spread(outcomes.map(pick).filter((value): value is number => value !== undefined));
  const share = (count: number) => (outcomes.length === 0 ? 0 : count / outcomes.length);
  return {
    accuracy: accuracy(judged(outcomes)),
    bothByFault: Object.fromEntries(
      LAB_FAULTS.map((fault) => [
        fault,
        accuracy(judged(outcomes.filter((o) => o.case.fault === fault))).both,
      ]),
    ),
    resolved: share(outcomes.filter((o) => o.verdict === 'Resolved').length),
    healthyAtEnd: share(outcomes.filter((o) => o.healthyAtEnd).length),
    resolvedWhileFaulty: outcomes.filter((o) => o.verdict === 'Resolved' && !o.healthyAtEnd).length,
    errors: outcomes.filter((o) => o.error !== undefined).length,
    timings: {
      faultToAlertMs: timing((o) => o.faultToAlertMs),
      alertToApprovalMs: timing((o) => o.alertToApprovalMs),
      approvalToVerdictMs: timing((o) => o.approvalToVerdictMs),
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printLabTable(outcomes: readonly LabOutcome[], summary: LabSummary, wallMs: number): void {
  write(
    'case    service       fault            → rca (root / fault / confidence)        verdict             healthy (Prometheus)',
  );
  for (const o of outcomes) {
    const rca = o.error
      ? `error: ${o.error.slice(0, 60)}`
      : `${o.rootService} / ${o.fault} / ${o.confidence}`;
    write(
      `${o.case.id}  ${o.case.service.padEnd(13)} ${o.case.fault.padEnd(16)} → ${rca.padEnd(40)} ${(o.verdict ?? o.diagnosedStatus ?? '-').padEnd(19)} ${o.healthyAtEnd ? 'yes' : `no: ${o.prometheusProblems.join(', ')}`}`,
    );
  }
  write();
  const { accuracy: a, timings: t } = summary;
  write(row('', ['rules (real faults)']));
  write(row('root service named right', [pct(a.root)]));
  write(row('fault named right', [pct(a.fault)]));
  write(row('both right', [pct(a.both)]));
  write(row('Brier score of rca confidence (0 is perfect)', [a.brier.toFixed(4)]));
  for (const fault of LAB_FAULTS)
    write(row(`  both right, ${fault}`, [pct(summary.bothByFault[fault] ?? 0)]));
  for (const [label, key] of [
    ['fault → alert (median / max)', 'faultToAlertMs'],
    ['alert → approval message (median / max)', 'alertToApprovalMs'],
    ['approval → verdict (median / max)', 'approvalToVerdictMs'],
  ] as const) {
    write(row(label, [`${seconds(t[key].median)} / ${seconds(t[key].max)} (n ${t[key].n})`]));
  }
  write(row('closed Resolved by the crew', [pct(summary.resolved)]));
  write(row('healthy at the end, per Prometheus', [pct(summary.healthyAtEnd)]));
  write(row('Resolved while Prometheus shows the fault', [String(summary.resolvedWhileFaulty)]));
  write(row('cases that did not run to the end', [String(summary.errors)]));
  write(row('wall time', [seconds(wallMs)]));
  printCalibration({ name: 'rules (real faults)', scores: { bands: a.bands } });
}
