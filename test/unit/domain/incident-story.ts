/** Builds a ticket and its timeline the way the pipeline records them, minute by minute. */
import type { DecisionKind } from '../../../src/domain/approval.js';
import type { Severity } from '../../../src/domain/severity.js';
import type { Status } from '../../../src/domain/status.js';
import {
  newTicket,
  type PlannedAction,
  type RootCause,
  type Ticket,
  withStatus,
} from '../../../src/domain/ticket.js';
import type { TimelineData, TimelineEntry, TimelineKind } from '../../../src/domain/timeline.js';

export const DAY_START = '2026-03-14T08:00:00.000Z';
const MINUTE = 60_000;

export interface StoryStart {
  id: string;
  /** Minutes after DAY_START. */
  openedAt?: number;
  sev?: Severity;
  system?: string;
  issue?: string;
  alerts?: number;
}

export interface IncidentRecord {
  ticket: Ticket;
  timeline: TimelineEntry[];
}

const STATUS_AFTER: Record<Exclude<DecisionKind, 'timed_out'>, Status> = {
  approved: 'Remediating',
  overridden: 'Remediating',
  auto: 'Remediating',
  rejected: 'Rejected',
  changes_requested: 'Diagnosing',
};

export class IncidentStory {
  private ticket: Ticket;
  private readonly timeline: TimelineEntry[] = [];
  private readonly opened: number;

  constructor(start: StoryStart) {
    this.opened = start.openedAt ?? 0;
    const system = start.system ?? 'api';
    this.ticket = newTicket({
      id: start.id,
      system,
      issue: start.issue ?? 'p99 latency over 5 s',
      sev: start.sev ?? 'sev2',
      source: start.alerts ? 'alert' : 'inject',
      channel: 'C0INCIDENTS',
      fingerprint: `fp-${start.id}`,
      alerts: Array.from({ length: start.alerts ?? 0 }, (_, i) => `${start.id}-alert-${i}`),
      now: this.at(0),
    });
    this.entry(0, 'incident.opened', {
      system,
      issue: this.ticket.issue,
      sev: this.ticket.sev,
      source: this.ticket.source,
    });
  }

  /** `minutes` count from the incident's opening. */
  private at(minutes: number): Date {
    return new Date(Date.parse(DAY_START) + (this.opened + minutes) * MINUTE);
  }

  /** Entries are typed as the store's writers are: a reader meets nothing the pipeline would not write. */
  private entry<K extends TimelineKind>(minutes: number, type: K, data: TimelineData<K>, by?: string): this {
    return this.push(minutes, type, data, by);
  }

  private push(minutes: number, type: string, data: object, by?: string): this {
    const at = this.at(minutes);
    const id = `${at.getTime()}-${this.timeline.length}`;
    this.timeline.push({ id, type, at: at.toISOString(), data: { ...data }, ...(by ? { by } : {}) });
    return this;
  }

  status(minutes: number, to: Status, reason?: string): this {
    this.ticket = withStatus(this.ticket, to, {
      now: this.at(minutes),
      by: 'crew',
      ...(reason && { reason }),
    });
    return this.entry(minutes, 'status.changed', reason ? { to, reason } : { to });
  }

  stage(minutes: number, stage: string, summary: string, durationMs: number): this {
    return this.entry(minutes, 'stage.finished', { stage, durationMs, summary });
  }

  stageFailed(minutes: number, stage: string, error: string): this {
    return this.entry(minutes, 'stage.failed', { stage, attempt: 3, error, final: true });
  }

  diagnosed(minutes: number, rca: RootCause, plan: PlannedAction[]): this {
    this.ticket = { ...this.ticket, rca, recommendations: plan, confidence: { score: 82, band: 'medium' } };
    return this.stage(minutes, 'rca', `${rca.fault} on ${rca.rootService}`, 4200);
  }

  approvalRequested(minutes: number, round = 1): this {
    this.ticket = withStatus(this.ticket, 'Remediation_Recommended', { now: this.at(minutes) });
    this.ticket = withStatus(this.ticket, 'Awaiting_Approval', { now: this.at(minutes), by: 'crew' });
    return this.entry(minutes, 'approval.requested', {
      round,
      route: 'approval',
      reasons: ['confidence medium'],
    });
  }

  decision(
    minutes: number,
    decision: DecisionKind,
    by?: string,
    extra: { round?: number; reason?: string; steps?: readonly string[] } = {},
  ): this {
    if (decision === 'auto') {
      this.ticket = withStatus(this.ticket, 'Remediation_Recommended', { now: this.at(minutes) });
    }
    if (decision !== 'timed_out') {
      const to = STATUS_AFTER[decision];
      this.ticket = withStatus(this.ticket, to, { now: this.at(minutes), ...(by && { by }) });
    }
    return this.entry(minutes, 'decision', { round: 1, decision, status: this.ticket.status, ...extra }, by);
  }

  /** An entry no writer of this version could leave (the store refuses it): readers must leave it out. */
  unfit(minutes: number, type: string, data: Record<string, unknown>, by?: string): this {
    return this.push(minutes, type, data, by);
  }

  comment(minutes: number, by: string, text: string): this {
    return this.entry(minutes, 'comment', { text, ts: `${this.at(minutes).getTime() / 1000}.000100` }, by);
  }

  /** A click on the RCA's feedback buttons. */
  causeFeedback(minutes: number, by: string, data: TimelineData<'rca.feedback'>): this {
    return this.entry(minutes, 'rca.feedback', data, by);
  }

  resolvedByHand(minutes: number, by: string, note: string): this {
    this.ticket = withStatus(this.ticket, 'Resolved', { now: this.at(minutes), by, reason: note });
    this.ticket = { ...this.ticket, resolution: note };
    return this.entry(minutes, 'resolved.by_hand', { note }, by);
  }

  resolution(text: string): this {
    this.ticket = { ...this.ticket, resolution: text };
    return this;
  }

  duplicateOf(minutes: number, parent: string): this {
    this.ticket = { ...withStatus(this.ticket, 'Duplicate', { now: this.at(minutes) }), parent };
    return this.entry(minutes, 'duplicate.detected', { parent, fingerprint: `fp-${this.ticket.id}` });
  }

  build(): IncidentRecord {
    return { ticket: this.ticket, timeline: [...this.timeline] };
  }
}

export function story(start: StoryStart): IncidentStory {
  return new IncidentStory(start);
}

export function timelinesOf(records: readonly IncidentRecord[]): Map<string, TimelineEntry[]> {
  return new Map(records.map((record) => [record.ticket.id, record.timeline]));
}

export const poolExhausted: RootCause = {
  rootService: 'database',
  fault: 'slow',
  summary: 'Connection pool exhaustion on database slows every caller',
  evidence: ['pool 100/100 in use for 6 m', 'api p99 5.2 s', 'no deploys in the last 2 h'],
};

export const restartDatabase: PlannedAction = {
  id: 'a1',
  kind: 'restart',
  target: 'database',
  description: 'Rolling restart of database to drop stuck connections',
  risk: 'medium',
  blastRadius: 'one replica at a time',
  rollback: 'none needed',
};

/** A small day for the Slack views: one incident approved and resolved, one the crew is fixing alone. */
export function smallDay(): IncidentRecord[] {
  return [
    story({ id: 'INC-0001', sev: 'sev1', alerts: 3 })
      .diagnosed(2, poolExhausted, [restartDatabase])
      .approvalRequested(5)
      .decision(9, 'approved', 'U0ONCALL')
      .status(11, 'Resolved')
      .build(),
    story({ id: 'INC-0002', openedAt: 60, alerts: 2 })
      .diagnosed(1, poolExhausted, [restartDatabase])
      .decision(2, 'auto')
      .build(),
  ];
}
