import type { LearningStats } from '../../agents/learning.js';
import { CAUSE_VERDICT_WORDS, type CauseVerdict } from '../../domain/cause-feedback.js';
import { listBlocks, section } from './kit.js';
import type { KnownBlock } from './slack-types.js';
import { escapeAndTruncate, mention, oneLine, slackDate } from './text.js';

/** Approvers' "Right cause" / "Wrong cause" verdicts on one signature's root causes. */
export interface CauseVerdictsView {
  rightCauses: number;
  wrongCauses: number;
  last?: { verdict: CauseVerdict; by: string; at: string };
}

export interface LearnedSignature {
  /** `crash@api`: the fault and the service. */
  signature: string;
  approvals: number;
  rejections: number;
  successes: number;
  failures: number;
  rightCauses: number;
  wrongCauses: number;
  lastCause?: CauseVerdictsView['last'];
}

const MAX_LEARNED = 10;

/**
 * The learning store keeps one record per signature and action kind, and the approvers' verdicts
 * on root causes per signature; the board shows one line per signature, verdicts included (a
 * signature with verdicts and no decision yet too).
 */
export function learnedBySignature(
  records: readonly LearningStats[],
  causes: ReadonlyMap<string, CauseVerdictsView> = new Map(),
): LearnedSignature[] {
  const bySignature = new Map<string, LearnedSignature>();
  const rowOf = (signature: string): LearnedSignature => {
    const row = bySignature.get(signature) ?? {
      signature,
      approvals: 0,
      rejections: 0,
      successes: 0,
      failures: 0,
      rightCauses: 0,
      wrongCauses: 0,
    };
    bySignature.set(signature, row);
    return row;
  };
  for (const record of records) {
    const row = rowOf(record.signature);
    row.approvals += record.approvals;
    row.rejections += record.rejections;
    row.successes += record.successes;
    row.failures += record.failures;
  }
  for (const [signature, verdicts] of causes) {
    const row = rowOf(signature);
    row.rightCauses = verdicts.rightCauses;
    row.wrongCauses = verdicts.wrongCauses;
    if (verdicts.last) row.lastCause = verdicts.last;
  }
  return [...bySignature.values()];
}

function rate(part: number, whole: number, verb: string): string {
  return whole === 0
    ? `not ${verb} yet`
    : `${verb} ${part} of ${whole} (${Math.round((part / whole) * 100)}%)`;
}

function causeVerdicts(row: LearnedSignature): string {
  if (row.rightCauses + row.wrongCauses === 0 && !row.lastCause) return 'no cause verdict yet';
  const counts = `cause ✔ right ${row.rightCauses} · ✘ wrong ${row.wrongCauses}`;
  const last = row.lastCause;
  return last
    ? `${counts} (last: ${CAUSE_VERDICT_WORDS[last.verdict]} by ${mention(last.by)} ${slackDate(last.at)})`
    : counts;
}

function learnedLine(row: LearnedSignature): string {
  const signature = escapeAndTruncate(oneLine(row.signature).replaceAll('`', "'"), 80);
  const approved = rate(row.approvals, row.approvals + row.rejections, 'approved');
  const worked = rate(row.successes, row.successes + row.failures, 'worked');
  return `• \`${signature}\`: ${approved} · ${worked} · ${causeVerdicts(row)}`;
}

function weight(row: LearnedSignature): number {
  return row.approvals + row.rejections + row.successes + row.failures + row.rightCauses + row.wrongCauses;
}

/** App Home's "What the crew has learned": the most taught signatures first. */
export function learnedBlocks(learned: readonly LearnedSignature[]): KnownBlock[] {
  const title = '*What the crew has learned*';
  const top = [...learned]
    .filter((row) => weight(row) > 0)
    .sort((a, b) => weight(b) - weight(a) || a.signature.localeCompare(b.signature));
  if (top.length === 0) {
    return [section(`${title}\n_Nothing yet: decisions, outcomes and cause verdicts will show here._`)];
  }
  return listBlocks(title, top.map(learnedLine), {
    maxItems: MAX_LEARNED,
    itemMax: 400,
    maxBlocks: 2,
    noun: 'more fault signatures',
  });
}
