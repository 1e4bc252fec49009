import { LAB_PHASES, type LabPhase, type LabPhases } from '../../lab/runner/lab-incident.js';
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
  /** Where the case's time went (ms per phase). */
  phases?: LabPhases;
  /** Incidents open when the lab was quiet, before the break (a heal's alerts), closed then. */
  strayIncidents?: string[];
  /** Set when the case could not run to its end (no alert, a timeout…). */
  error?: string;
}

export interface LabSummary {
  accuracy: Accuracy;
  /** Per fault among those run. */
  bothByFault: Partial<Record<string, number>>;
  resolved: number;
  healthyAtEnd: number;
  /** Closed Resolved while Prometheus still showed the fault: must be 0. */
  resolvedWhileFaulty: number;
  errors: number;
  /** Incidents found open before a break (the harness closes them: they would take its alerts). */
  strayIncidents: number;
  timings: Record<
    'faultToAlertMs' | 'alertToApprovalMs' | 'approvalToVerdictMs',
    { median: number; max: number; n: number }
  >;
  /** Per phase over the cases that ran it: median, max, and the total it took of the wall time. */
  phases: Record<LabPhase, { median: number; max: number; n: number; total: number }>;
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
      LAB_FAULTS.flatMap((fault) => {
        const ran = outcomes.filter((o) => o.case.fault === fault);
        return ran.length === 0 ? [] : [[fault, accuracy(judged(ran)).both]];
      }),
    ),
    resolved: share(outcomes.filter((o) => o.verdict === 'Resolved').length),
    healthyAtEnd: share(outcomes.filter((o) => o.healthyAtEnd).length),
    resolvedWhileFaulty: outcomes.filter((o) => o.verdict === 'Resolved' && !o.healthyAtEnd).length,
    errors: outcomes.filter((o) => o.error !== undefined).length,
    strayIncidents: outcomes.reduce((sum, o) => sum + (o.strayIncidents?.length ?? 0), 0),
    timings: {
      faultToAlertMs: timing((o) => o.faultToAlertMs),
      alertToApprovalMs: timing((o) => o.alertToApprovalMs),
      approvalToVerdictMs: timing((o) => o.approvalToVerdictMs),
    },
    phases: Object.fromEntries(
      LAB_PHASES.map((phase) => {
        const values = outcomes.flatMap((o) => (o.phases?.[phase] === undefined ? [] : [o.phases[phase]]));
        return [phase, { ...spread(values), total: values.reduce((sum, value) => sum + value, 0) }];
      }),
    ) as LabSummary['phases'],
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
  for (const fault of LAB_FAULTS) {
    const both = summary.bothByFault[fault];
    write(row(`  both right, ${fault}`, [both === undefined ? '- (not run)' : pct(both)]));
  }
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
  write(row('incidents open before a break, closed', [String(summary.strayIncidents)]));
  write(row('wall time', [seconds(wallMs)]));
  write();
  write(row('phase (per case)', ['median / max (n)', 'total']));
  for (const phase of LAB_PHASES) {
    const p = summary.phases[phase];
    write(row(`  ${phase}`, [`${seconds(p.median)} / ${seconds(p.max)} (${p.n})`, seconds(p.total)]));
  }
  printCalibration({ name: 'rules (real faults)', scores: { bands: a.bands } });
}
