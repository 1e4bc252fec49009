import { z } from 'zod';
import { DecisionKind } from './approval.js';
import { CAUSE_VERDICT_WORDS, CauseFeedbackEntry } from './cause-feedback.js';
import { ROLE_NAMES } from './incident-room.js';
import { PAGE_TARGETS } from './paging.js';
import { RUNBOOK_STEP_ENTRY, RunbookStepEntry } from './runbook-step-entry.js';
import { Severity } from './severity.js';
import { Status } from './status.js';
import { StepApprovalRequest, StepDecision } from './step-approval.js';

/** One entry of an incident's timeline as stored: what happened, when, by whom, with its details. */
export const TimelineEntry = z.object({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  by: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

const round = z.number().int().nonnegative();
const empty = z.object({});
const comment = z.object({ text: z.string(), ts: z.string() });
const killSwitch = empty;

/**
 * Every kind of timeline event and the details it carries: the writers are checked against it at
 * compile time (`TimelineStore.append`) and at run time (bad details are refused, nothing written),
 * and readers get typed events from `timelineEvent`.
 */
export const TIMELINE_EVENTS = {
  'incident.opened': z.object({ system: z.string(), issue: z.string(), sev: Severity, source: z.string() }),
  'incident.stale': z.object({ status: Status }),
  'stage.started': z.object({ stage: z.string(), attempt: z.number().int().positive() }),
  'stage.finished': z.object({
    stage: z.string(),
    durationMs: z.number(),
    summary: z.string().optional(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    engine: z.string().optional(),
    latencyMs: z.number().optional(),
  }),
  'stage.failed': z.object({
    stage: z.string(),
    attempt: z.number().int().positive(),
    error: z.string(),
    final: z.boolean(),
  }),
  'approval.requested': z.object({ round, route: z.string(), reasons: z.array(z.string()) }),
  'approval.reminder': z.object({ round, approvers: z.array(z.string()).readonly() }),
  /** A Redis failover lost the round's decision; people were asked again (the `asked`-th time). */
  'approval.lost': z.object({ round, asked: z.number().int().positive() }),
  decision: z.object({
    round,
    decision: DecisionKind,
    reason: z.string().optional(),
    steps: z.array(z.string()).readonly().optional(),
    status: Status,
  }),
  'status.changed': z.object({ to: Status, reason: z.string().optional(), round: round.optional() }),
  [RUNBOOK_STEP_ENTRY]: RunbookStepEntry,
  'runbook.step_approval.requested': z.object({
    round,
    runbookId: z.string(),
    stepId: z.string(),
    risk: StepApprovalRequest.shape.risk,
    guard: StepApprovalRequest.shape.guard.shape.verdict,
  }),
  'runbook.step_approval.decided': z.object({
    round,
    stepId: z.string(),
    decision: StepDecision.shape.kind,
    reason: z.string().optional(),
  }),
  'remediation.held': z.object({ round, by: z.string().optional() }),
  /** A click on the RCA message's feedback buttons. */
  'rca.feedback': CauseFeedbackEntry,
  'alerts.correlated': z.object({ count: z.number().int(), reasons: z.array(z.string()) }),
  'alerts.folded': z.object({
    groups: z.number().int(),
    added: z.number().int(),
    services: z.array(z.string()),
  }),
  'alerts.resolved_at_source': z.object({
    closed: z.boolean(),
    status: Status.optional(),
    total: z.number().int().optional(),
  }),
  'resolved.by_hand': z.object({ note: z.string().optional() }),
  'kill_switch.on': killSwitch,
  'kill_switch.off': killSwitch,
  'manual_step.done': z.object({ actionId: z.string() }),
  reopened: empty,
  false_positive: z.object({
    likely: z.boolean(),
    confidence: z.number(),
    evidence: z.array(z.string()),
  }),
  'duplicate.detected': z.object({ parent: z.string(), fingerprint: z.string() }),
  'duplicate.linked': z.object({ duplicate: z.string() }),
  'slack.failed': z.object({ error: z.string() }),
  'room.opened': z.object({ channel: z.string(), name: z.string() }),
  'room.fallback': z.object({ reason: z.string() }),
  'room.archived': z.object({ channel: z.string() }),
  'role.assigned': z.object({ role: z.enum(ROLE_NAMES), user: z.string() }),
  'page.sent': z.object({
    round,
    reason: z.enum(['low_confidence', 'sev1_waiting']),
    targets: z.array(z.enum(PAGE_TARGETS)),
  }),
  'page.resolved': z.object({ targets: z.array(z.enum(PAGE_TARGETS)) }),
  comment,
  'comment.edited': comment,
} as const;

export type TimelineKind = keyof typeof TIMELINE_EVENTS;
/** What a writer passes for `kind`. */
export type TimelineData<K extends TimelineKind> = z.input<(typeof TIMELINE_EVENTS)[K]>;

/** A read entry with its details typed by its kind. */
export type TimelineEvent = {
  [K in TimelineKind]: Omit<TimelineEntry, 'type' | 'data'> & {
    type: K;
    data: z.output<(typeof TIMELINE_EVENTS)[K]>;
  };
}[TimelineKind];

export function isTimelineKind(type: string): type is TimelineKind {
  return Object.hasOwn(TIMELINE_EVENTS, type);
}

/** The details of a `kind` event, checked: the issues when they do not fit. */
export function checkTimelineData(
  kind: TimelineKind,
  data: unknown,
): { ok: true } | { ok: false; issues: string } {
  const parsed = TIMELINE_EVENTS[kind].safeParse(data);
  return parsed.success ? { ok: true } : { ok: false, issues: z.prettifyError(parsed.error) };
}

/** A stored entry as a typed event; undefined for a kind this version does not know or details that do not fit. */
export function timelineEvent(entry: TimelineEntry): TimelineEvent | undefined {
  if (!isTimelineKind(entry.type)) return undefined;
  const parsed = TIMELINE_EVENTS[entry.type].safeParse(entry.data);
  return parsed.success ? ({ ...entry, type: entry.type, data: parsed.data } as TimelineEvent) : undefined;
}

/** The entries this version can read, as typed events in their order; the others are left out. */
export function timelineEvents(entries: readonly TimelineEntry[]): TimelineEvent[] {
  return entries.flatMap((entry) => {
    const event = timelineEvent(entry);
    return event ? [event] : [];
  });
}

/** One line for an event in `/incident show`: what each kind says best, plain text. */
export function timelineSummary(event: TimelineEvent): string {
  switch (event.type) {
    case 'stage.finished':
      return event.data.summary ?? event.data.stage;
    case 'stage.started':
    case 'stage.failed':
      return event.data.stage;
    case 'decision':
      return event.data.reason ?? event.data.decision;
    case 'status.changed':
      return event.data.reason ?? event.data.to;
    case 'incident.opened':
      return `${event.data.system}: ${event.data.issue}`;
    case 'resolved.by_hand':
      return event.data.note ?? '';
    case 'comment':
    case 'comment.edited':
      return event.data.text;
    case 'slack.failed':
      return event.data.error;
    case 'room.opened':
      return `#${event.data.name}`;
    case 'room.fallback':
      return `stayed in the thread: ${event.data.reason}`;
    case 'role.assigned':
      return `${event.data.role}: <@${event.data.user}>`;
    case 'approval.requested':
      return event.data.reasons.join('; ');
    case 'rca.feedback':
      return `${CAUSE_VERDICT_WORDS[event.data.verdict]}${event.data.counted ? '' : ' (not an approver: not learned)'}`;
    case 'approval.lost':
      return 'a Redis failover lost the decision; people were asked again';
    default:
      return '';
  }
}
