/** Typed readings of an incident's timeline entries, shared by the stats and the postmortem. */

import { DecisionKind } from './approval.js';
import type { Status } from './status.js';
import type { Ticket } from './ticket.js';
import type { TimelineEntry } from './timeline.js';

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

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function decisionFacts(timeline: readonly TimelineEntry[]): DecisionFact[] {
  return timeline.flatMap((entry) => {
    const kind = DecisionKind.safeParse(entry.data.decision);
    if (entry.type !== 'decision' || !kind.success) return [];
    const steps = Array.isArray(entry.data.steps)
      ? entry.data.steps.filter((s) => typeof s === 'string')
      : [];
    const fact: DecisionFact = { at: entry.at, round: count(entry.data.round) ?? 0, kind: kind.data, steps };
    if (entry.by) fact.by = entry.by;
    const reason = text(entry.data.reason);
    if (reason) fact.reason = reason;
    return [fact];
  });
}

/** When the crew asked a human for each round's decision. */
export function approvalRequests(timeline: readonly TimelineEntry[]): Map<number, string> {
  const requests = new Map<number, string>();
  for (const entry of timeline) {
    const round = count(entry.data.round);
    if (entry.type === 'approval.requested' && round !== undefined && !requests.has(round)) {
      requests.set(round, entry.at);
    }
  }
  return requests;
}

export function stageBase(key: string): string {
  return key.replace(/:r\d+$/, '');
}

export function stageFacts(timeline: readonly TimelineEntry[]): StageFact[] {
  return timeline.flatMap((entry) => {
    const key = text(entry.data.stage);
    const finished = entry.type === 'stage.finished';
    // A failure that will be retried is not an outcome yet.
    const failedForGood = entry.type === 'stage.failed' && entry.data.final !== false;
    if (!key || !(finished || failedForGood)) return [];
    const fact: StageFact = { at: entry.at, base: stageBase(key), key, failed: !finished };
    const durationMs = count(entry.data.durationMs);
    if (durationMs !== undefined) fact.durationMs = durationMs;
    const summary = text(finished ? entry.data.summary : entry.data.error);
    if (summary) fact.summary = summary;
    return [fact];
  });
}

export function commentFacts(timeline: readonly TimelineEntry[]): CommentFact[] {
  return timeline.flatMap((entry) => {
    const said = text(entry.data.text);
    if (entry.type !== 'comment' || !said) return [];
    return [entry.by ? { at: entry.at, by: entry.by, text: said } : { at: entry.at, text: said }];
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
