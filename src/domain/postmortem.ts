/**
 * The postmortem of an incident, as data: what happened, who decided, what ran and what it did,
 * read from the ticket and its typed timeline. slack/blocks/postmortem-text.ts writes it for people.
 */
import { type PostmortemRow, timelineRows } from './postmortem-timeline.js';
import { RUNBOOK_STEP_ENTRY, type RunbookStepEntry } from './runbook-step-entry.js';
import { isClosed } from './status.js';
import type { Ticket } from './ticket.js';
import { type TimelineEntry, type TimelineEvent, timelineEvents } from './timeline.js';
import {
  type CauseFeedbackFact,
  type CommentFact,
  causeFeedbackFacts,
  commentFacts,
  type DecisionFact,
  decisionFacts,
  eventsOf,
  millisBetween,
  stageFacts,
  startsRemediation,
} from './timeline-facts.js';

export interface PostmortemOptions {
  now: Date | string;
  /** What the crew's learning made of this incident, one line each. */
  learned?: readonly string[];
}

/** One outcome of the remediation, in the order the postmortem lists them. */
export type PostmortemResult =
  | { kind: 'fixer'; name: string; failed: boolean; summary?: string; durationMs?: number }
  | { kind: 'verification'; failed: boolean; summary?: string; durationMs?: number }
  | { kind: 'steps_given'; by?: string; steps: readonly string[] }
  | { kind: 'runbook_step'; step: RunbookStepEntry }
  | { kind: 'manual_step'; actionId: string; by?: string };

export interface Postmortem {
  ticket: Ticket;
  closed: boolean;
  /** From the opening to the close, or to now while the incident is open; undefined when a date is unreadable. */
  tookMs?: number;
  /** The decision that set remediation going, or else the last one taken. */
  decision?: DecisionFact;
  rows: PostmortemRow[];
  results: PostmortemResult[];
  comments: CommentFact[];
  /** Every click on the RCA's feedback buttons, who and when, and whether it stands and teaches. */
  causeFeedback: CauseFeedbackFact[];
  learned: string[];
}

function stageResults(timeline: readonly TimelineEvent[]): PostmortemResult[] {
  return stageFacts(timeline).flatMap((stage): PostmortemResult[] => {
    const { failed, summary, durationMs } = stage;
    const said = {
      failed,
      ...(summary === undefined ? {} : { summary }),
      ...(durationMs === undefined ? {} : { durationMs }),
    };
    if (stage.base.startsWith('fix:'))
      return [{ kind: 'fixer', name: stage.base.slice('fix:'.length), ...said }];
    return stage.base === 'verify' ? [{ kind: 'verification', ...said }] : [];
  });
}

function results(timeline: readonly TimelineEvent[]): PostmortemResult[] {
  const given = decisionFacts(timeline)
    .filter((fact) => fact.steps.length > 0)
    .map(
      (fact): PostmortemResult => ({
        kind: 'steps_given',
        steps: fact.steps,
        ...(fact.by ? { by: fact.by } : {}),
      }),
    );
  const steps = eventsOf(timeline, RUNBOOK_STEP_ENTRY).map(
    (event): PostmortemResult => ({ kind: 'runbook_step', step: event.data }),
  );
  const manual = eventsOf(timeline, 'manual_step.done').map(
    (event): PostmortemResult => ({
      kind: 'manual_step',
      actionId: event.data.actionId,
      ...(event.by ? { by: event.by } : {}),
    }),
  );
  return [...stageResults(timeline), ...given, ...steps, ...manual];
}

export function postmortemOf(
  ticket: Ticket,
  entries: readonly TimelineEntry[],
  options: PostmortemOptions,
): Postmortem {
  const timeline = timelineEvents(entries);
  const now = typeof options.now === 'string' ? options.now : options.now.toISOString();
  const closed = isClosed(ticket.status);
  const tookMs = millisBetween(ticket.createdAt, closed ? (ticket.history.at(-1)?.at ?? now) : now);
  const decisions = decisionFacts(timeline);
  const decision = decisions.find(startsRemediation) ?? decisions.at(-1);
  return {
    ticket,
    closed,
    ...(tookMs === undefined ? {} : { tookMs }),
    ...(decision ? { decision } : {}),
    rows: timelineRows(ticket, timeline),
    results: results(timeline),
    comments: commentFacts(timeline),
    causeFeedback: causeFeedbackFacts(timeline),
    learned: [...(options.learned ?? [])],
  };
}
