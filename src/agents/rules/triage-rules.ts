import { DEFAULT_THRESHOLD, SPECIALISTS, type SpecialistKind } from '../../domain/faults.js';
import { METRIC_NAMES, type TelemetrySnapshot } from '../../domain/telemetry.js';
import { listServices, metricStats, serviceTelemetry } from '../../domain/telemetry-tools.js';
import type { Finding, SpecialistChoice, TriageInput, TriageOutput } from '../schemas.js';
import { workloadEvidenceLines } from '../workload-lines.js';
import { clip } from './evidence.js';
import { specialistFindings } from './specialist-rules.js';

/** Words in the issue that point at a specialist; telemetry usually speaks louder. */
const ISSUE_WORDS: Readonly<Record<SpecialistKind, readonly RegExp[]>> = {
  web: [/\b5\d\d\b|5xx/, /\bhttp\b/, /\berror rate|\berrors?\b/, /\brelease|\bdeploy/],
  storage: [
    /\bdisk|\bvolume|enospc/,
    /\bdatabase|\bdb\b|postgres|\bquer(y|ies)/,
    /\bpool\b/,
    /\bcache|hit ratio/,
  ],
  network: [
    /\bpacket|partition/,
    /time(d)? ?out|timing out/,
    /\bupstream\b/,
    /\bdns\b|unreachable|\bzones?\b/,
  ],
  compute: [/\boom|memory|\bheap|\bgc\b/, /crash|restart|exit (code )?\d+/, /\bconfig|startup/, /\bcpu\b/],
};
const SCORE_BY_WORD_COUNT = [0, 50, 62, 70] as const;

function issueScore(kind: SpecialistKind, issue: string): { score: number; words: number } {
  const text = issue.toLowerCase();
  const words = ISSUE_WORDS[kind].filter((pattern) => pattern.test(text)).length;
  return { score: SCORE_BY_WORD_COUNT[Math.min(words, 3)] ?? 0, words };
}

function choice(kind: SpecialistKind, findings: readonly Finding[], issue: string): SpecialistChoice {
  const top = findings[0];
  const fromIssue = issueScore(kind, issue);
  const relevance = Math.max(top?.confidence ?? 0, fromIssue.score);
  const parts = [
    top ? `telemetry ${top.confidence}: ${top.summary}` : 'telemetry: nothing for this specialist',
  ];
  if (fromIssue.words > 0) parts.push(`issue text matches ${fromIssue.words} ${kind} keyword(s)`);
  return { kind, relevance, reason: clip(parts.join('; '), 300) };
}

/** Share of series whose latest point sits near their own baseline. */
function flatShare(telemetry: TelemetrySnapshot): { flat: number; total: number } {
  let flat = 0;
  let total = 0;
  for (const service of listServices(telemetry)) {
    for (const metric of METRIC_NAMES) {
      const stats = metricStats(telemetry, service, metric);
      if (!stats) continue;
      total += 1;
      if (Math.abs(stats.delta) <= Math.max(0.25 * Math.abs(stats.baseline), 2)) flat += 1;
    }
  }
  return { flat, total };
}

/** Series of the incident's service that hold at least one point. */
function seriesWithData(telemetry: TelemetrySnapshot, service: string): number {
  const metrics = serviceTelemetry(telemetry, service)?.metrics ?? {};
  return Object.values(metrics).filter((points) => points.length > 0).length;
}

function falsePositive(
  telemetry: TelemetrySnapshot,
  findings: readonly Finding[],
  system: string,
): TriageOutput['falsePositive'] {
  const strongest = findings.reduce((max, finding) => Math.max(max, finding.confidence), 0);
  const { flat, total } = flatShare(telemetry);
  const services = listServices(telemetry).length;
  if (findings.length > 0) {
    const abnormal = new Set(findings.map((finding) => finding.service)).size;
    return {
      likely: false,
      confidence: Math.max(0, 100 - strongest),
      evidence: [`${abnormal} of ${services} services show abnormal signals (strongest ${strongest})`],
    };
  }
  // A workload Kubernetes would not show is unknown, not healthy: flat metrics do not clear it.
  if (telemetry.kubernetes?.available === false)
    return {
      likely: false,
      confidence: 0,
      evidence: [
        ...workloadEvidenceLines(telemetry.kubernetes),
        `the workload's state is unknown, which is no sign of a false positive`,
      ],
    };
  // Missing data is not health: with nothing measured on the service, silence proves nothing.
  if (total === 0 || seriesWithData(telemetry, system) === 0) {
    const unmeasured = (telemetry.notes ?? []).filter((note) => note.includes(system));
    return {
      likely: false,
      confidence: 0,
      evidence: [
        `no data for ${system}: its health is unknown, which is no sign of a false positive`,
        ...unmeasured,
      ].slice(0, 5),
    };
  }
  const share = flat / total;
  return {
    likely: true,
    confidence: Math.round(60 + 35 * share),
    evidence: [
      `no abnormal signal on ${services} services`,
      `${flat} of ${total} series flat against their baseline`,
    ],
  };
}

export function triageByRules(input: TriageInput): TriageOutput {
  const findings = Object.fromEntries(
    SPECIALISTS.map((kind) => [kind, specialistFindings(kind, input.telemetry)]),
  ) as Record<SpecialistKind, Finding[]>;
  const scores = SPECIALISTS.map((kind) => choice(kind, findings[kind], input.issue)).sort(
    (a, b) => b.relevance - a.relevance,
  );
  const best = scores[0] ?? { kind: 'compute', relevance: 0, reason: '' };
  // The leading specialist always runs: a threshold learned from other incidents may sit above the
  // one signal that leads this one (a dependency down after a few crashes where network found nothing).
  const selected = scores
    .filter(
      (score, index) => index === 0 || score.relevance >= (input.thresholds[score.kind] ?? DEFAULT_THRESHOLD),
    )
    .map((score) => score.kind);
  const verdict = falsePositive(input.telemetry, Object.values(findings).flat(), input.system);
  const unmeasured = seriesWithData(input.telemetry, input.system) === 0;
  const lead = verdict.likely
    ? 'telemetry looks normal: likely a false positive'
    : unmeasured
      ? `no telemetry for ${input.system}: its health is unknown`
      : `${best.kind} signals lead (${best.relevance})`;
  return {
    severity: input.sev,
    category: best.kind,
    summary: clip(`${lead}; running ${selected.join(', ')}`, 500),
    scores,
    selected,
    falsePositive: verdict,
  };
}
