/** Typed readings of an incident's timeline events, shared by the stats and the postmortem. */

import type { DecisionKind } from './approval.js';
import type { CauseVerdict } from './cause-feedback.js';
import type { Status } from './status.js';
import type { Ticket } from './ticket.js';
import type { TimelineEvent } from './timeline.js';

export interface DecisionFact {
  at: string;
  round: number;
  kind: DecisionKind;
  by?: string;
  reason?: string;
  steps: string[];
}

export interface StageFact {
  at: string;
  /** The stage key without its round suffix: `fix:compute`, `verify`, `rca`. */
  base: string;
  key: string;
  durationMs?: number;
  summary?: string;
  failed: boolean;
}

/** One click on the RCA's feedback buttons. */
export interface CauseFeedbackFact {
  at: string;
  by?: string;
  verdict: CauseVerdict;
  /** An approver's: it feeds the learning record. */
  counted: boolean;
  /** The same person clicked again later: this verdict no longer stands. */
  replaced: boolean;
}

export interface CommentFact {
  at: string;
  by?: string;
  text: string;
}

/** The kinds a person chooses; `auto` and `timed_out` are the crew's. */
export const HUMAN_DECISION_KINDS: readonly DecisionKind[] = [
  'approved',
  'rejected',
  'overridden',
  'changes_requested',
];
const HUMAN_KINDS: ReadonlySet<DecisionKind> = new Set(HUMAN_DECISION_KINDS);

/** The kinds that send the crew on to remediate. */
export const REMEDIATING_DECISION_KINDS: readonly DecisionKind[] = ['approved', 'overridden', 'auto'];
const REMEDIATING_KINDS: ReadonlySet<DecisionKind> = new Set(REMEDIATING_DECISION_KINDS);

export function isHumanDecision(fact: DecisionFact): boolean {
  return HUMAN_KINDS.has(fact.kind);
}

export function startsRemediation(fact: DecisionFact): boolean {
  return REMEDIATING_KINDS.has(fact.kind);
}

/** The events of one kind, narrowed to it. */
export function eventsOf<K extends TimelineEvent['type']>(
  timeline: readonly TimelineEvent[],
  kind: K,
): Extract<TimelineEvent, { type: K }>[] {
  return timeline.filter((event): event is Extract<TimelineEvent, { type: K }> => event.type === kind);
}

export function decisionFacts(timeline: readonly TimelineEvent[]): DecisionFact[] {
  return eventsOf(timeline, 'decision').map(({ at, by, data }) => {
    const fact: DecisionFact = { at, round: data.round, kind: data.decision, steps: [...(data.steps ?? [])] };
    if (by) fact.by = by;
    if (data.reason) fact.reason = data.reason;
    return fact;
  });
}

/** When the crew asked a human for each round's decision. */
export function approvalRequests(timeline: readonly TimelineEvent[]): Map<number, string> {
  const requests = new Map<number, string>();
  for (const { at, data } of eventsOf(timeline, 'approval.requested')) {
    if (!requests.has(data.round)) requests.set(data.round, at);
  }
  return requests;
}

export function stageBase(key: string): string {
  return key.replace(/:r\d+$/, '');
}

function stageFact(at: string, key: string, failed: boolean, said: string | undefined, durationMs?: number) {
  const fact: StageFact = { at, base: stageBase(key), key, failed };
  if (durationMs !== undefined && durationMs >= 0) fact.durationMs = durationMs;
  if (said) fact.summary = said;
  return fact;
}

export function stageFacts(timeline: readonly TimelineEvent[]): StageFact[] {
  return timeline.flatMap((event) => {
    if (event.type === 'stage.finished' && event.data.stage)
      return [stageFact(event.at, event.data.stage, false, event.data.summary, event.data.durationMs)];
    // A failure that will be retried is not an outcome yet.
    if (event.type === 'stage.failed' && event.data.stage && event.data.final)
      return [stageFact(event.at, event.data.stage, true, event.data.error)];
    return [];
  });
}

export function commentFacts(timeline: readonly TimelineEvent[]): CommentFact[] {
  return eventsOf(timeline, 'comment').flatMap(({ at, by, data }) => {
    if (!data.text) return [];
    return [by ? { at, by, text: data.text } : { at, text: data.text }];
  });
}

/** Every feedback click on the root cause, in order; each person's last one stands. */
export function causeFeedbackFacts(timeline: readonly TimelineEvent[]): CauseFeedbackFact[] {
  const clicks = eventsOf(timeline, 'rca.feedback');
  return clicks.map(({ at, by, data }, index) => {
    const later = by !== undefined && clicks.slice(index + 1).some((click) => click.by === by);
    const fact: CauseFeedbackFact = { at, verdict: data.verdict, counted: data.counted, replaced: later };
    if (by) fact.by = by;
    return fact;
  });
}

/** The statuses that count as resolved for the time to resolve. */
export const RESOLVED_STATUSES: readonly Status[] = ['Resolved', 'Partially_Resolved'];
const RESOLVED: ReadonlySet<Status> = new Set(RESOLVED_STATUSES);

/** When the incident first reached Resolved or Partially_Resolved; undefined while it has not. */
export function resolvedAt(ticket: Ticket): string | undefined {
  return ticket.history.find((entry) => RESOLVED.has(entry.to))?.at;
}

export function millisBetween(from: string, to: string): number | undefined {
  const elapsed = Date.parse(to) - Date.parse(from);
  return Number.isNaN(elapsed) ? undefined : elapsed;
}
