/** The postmortem's timeline: one row per milestone, in plain words (slack/blocks lays it out). */
import type { DecisionKind } from './approval.js';
import { RUNBOOK_STEP_ENTRY, type RunbookStepEntry } from './runbook-step-entry.js';
import { type Status, statusLabel } from './status.js';
import type { Ticket } from './ticket.js';
import type { TimelineEvent } from './timeline.js';
import {
  approvalRequests,
  decisionFacts,
  millisBetween,
  type StageFact,
  stageFacts,
} from './timeline-facts.js';

export const DECISION_WORDS: Readonly<Record<DecisionKind, string>> = {
  approved: 'approved',
  rejected: 'rejected',
  overridden: 'overridden with their own steps',
  changes_requested: 'changes requested',
  timed_out: 'timed out: nobody decided',
  auto: 'auto-approved at high confidence',
};

/** The statuses an incident ends (or pauses) in: the last row says which one it reached. */
const OUTCOMES: ReadonlySet<Status> = new Set([
  'Resolved',
  'Partially_Resolved',
  'Needs_Followup',
  'Rejected',
  'False_Positive',
  'Duplicate',
]);

export interface PostmortemRow {
  at: string;
  step: string;
  tookMs?: number;
  /** Plain text, unescaped. */
  detail: string;
}

function row(at: string, step: string, detail: string, tookMs?: number): PostmortemRow {
  return tookMs === undefined ? { at, step, detail } : { at, step, detail, tookMs };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function detectedRow(ticket: Ticket): PostmortemRow {
  const from =
    ticket.alerts.length > 0 ? plural(ticket.alerts.length, 'alert') : `opened by ${ticket.source}`;
  return row(ticket.createdAt, 'Detected', `${from}, ${ticket.sev}`);
}

function diagnosedRow(ticket: Ticket, stages: readonly StageFact[]): PostmortemRow[] {
  const rca = stages.find((stage) => stage.base === 'rca');
  if (!rca) return [];
  if (rca.failed) return [row(rca.at, 'Diagnosis', `failed: ${rca.summary ?? 'no reason given'}`)];
  const found = ticket.rca ? `${ticket.rca.fault} on ${ticket.rca.rootService}` : (rca.summary ?? '');
  return [row(rca.at, 'Diagnosed', found, rca.durationMs)];
}

function decisionRows(timeline: readonly TimelineEvent[]): PostmortemRow[] {
  const asked = approvalRequests(timeline);
  const rows = [...asked].map(([round, at]) => row(at, 'Asked', `approval for round ${round}`));
  for (const decision of decisionFacts(timeline)) {
    const askedAt = asked.get(decision.round);
    const wait = askedAt ? millisBetween(askedAt, decision.at) : undefined;
    const by = decision.by ? ` by ${decision.by}` : '';
    rows.push(row(decision.at, 'Decided', `${DECISION_WORDS[decision.kind]}${by}`, wait));
  }
  return rows;
}

function roundOfKey(key: string): string {
  return /:r(\d+)$/.exec(key)?.[1] ?? '1';
}

/** Fixers run in parallel: one row per round, at the last to finish, taking as long as the slowest. */
function remediatedRows(stages: readonly StageFact[]): PostmortemRow[] {
  const rounds = new Map<string, StageFact[]>();
  for (const stage of stages.filter((fact) => fact.base.startsWith('fix:'))) {
    const round = roundOfKey(stage.key);
    rounds.set(round, [...(rounds.get(round) ?? []), stage]);
  }
  return [...rounds.values()].map((fixes) => {
    const last = fixes.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a));
    const slowest = Math.max(...fixes.map((fix) => fix.durationMs ?? 0));
    const failed = fixes.filter((fix) => fix.failed).length;
    const names = fixes.map((fix) => fix.base.slice('fix:'.length)).join(', ');
    const detail = failed > 0 ? `${names} (${failed} failed)` : names;
    return row(last.at, 'Remediated', detail, slowest);
  });
}

function verifiedRows(stages: readonly StageFact[]): PostmortemRow[] {
  return stages
    .filter((stage) => stage.base === 'verify')
    .map((stage) =>
      row(stage.at, stage.failed ? 'Verify' : 'Verified', stage.summary ?? '', stage.durationMs),
    );
}

/** `restart ok via lab-supervisor (status 0) by U0SRE`: the whole line is in the thread and the timeline. */
function stepDetail(step: RunbookStepEntry): string {
  const status = step.status === undefined ? '' : ` (status ${step.status})`;
  const by = step.approvedBy.length > 0 ? ` by ${step.approvedBy.join(',')}` : '';
  const checked = step.settledBy === 'check' ? ' by check' : '';
  return `${step.stepId} ${step.outcome}${checked} via ${step.executor}${status}${by}`;
}

function otherRows(timeline: readonly TimelineEvent[]): PostmortemRow[] {
  return timeline.flatMap((event) => {
    switch (event.type) {
      case 'remediation.held':
        return [row(event.at, 'Held', 'kill switch on')];
      case RUNBOOK_STEP_ENTRY: {
        const step = event.data;
        return [
          row(event.at, step.phase === 'rollback' ? 'Rollback' : 'Step', stepDetail(step), step.durationMs),
        ];
      }
      case 'resolved.by_hand':
        return [row(event.at, 'By hand', `resolved by ${event.by ?? '?'}`)];
      case 'duplicate.detected':
        return [row(event.at, 'Duplicate', `of ${event.data.parent}`)];
      default:
        return [];
    }
  });
}

function outcomeRow(ticket: Ticket): PostmortemRow[] {
  const last = ticket.history.at(-1);
  if (!last || !OUTCOMES.has(last.to)) return [];
  return [row(last.at, 'Closed', statusLabel(last.to), millisBetween(ticket.createdAt, last.at))];
}

export function timelineRows(ticket: Ticket, timeline: readonly TimelineEvent[]): PostmortemRow[] {
  const stages = stageFacts(timeline);
  const rows = [
    detectedRow(ticket),
    ...diagnosedRow(ticket, stages),
    ...decisionRows(timeline),
    ...remediatedRows(stages),
    ...verifiedRows(stages),
    ...otherRows(timeline),
    ...outcomeRow(ticket),
  ];
  // Stable: rows at the same instant keep the order above (decided before remediated, …).
  return rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
