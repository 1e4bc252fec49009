import type { ApprovalBook } from './approval.js';
import type { StageRun } from './stage-run.js';
import type { Ticket } from './ticket.js';

export interface RecordedTimelineEntry {
  id: string;
  type: string;
  at: string;
  by?: string;
  data: Record<string, unknown>;
}

/** One executor call as its at-most-once record holds it (already masked by the runner). */
export interface RecordedAction {
  round: number;
  stepId: string;
  phase: string;
  start: Record<string, unknown>;
  outcome?: Record<string, unknown>;
}

export interface RecordedSlackMessage {
  key: string;
  channel: string;
  ts: string;
  permalink: string;
}

/**
 * Everything a closed incident leaves behind, gathered from Redis for the history database: what
 * `/incident show`, the postmortem and the stats need once Redis has let the incident go.
 */
export interface IncidentRecord {
  ticket: Ticket;
  timeline: RecordedTimelineEntry[];
  decisions: ApprovalBook;
  /** Stage key (`rca`, `plan:r1`, `guard:r1`, `sandbox:r1`, `verify:r1`, …) → its output. */
  outputs: Record<string, unknown>;
  runs: StageRun[];
  actions: RecordedAction[];
  /** Alert fingerprint → its last status. */
  alerts: Record<string, string>;
  slack: RecordedSlackMessage[];
  postmortem: string | null;
  closedAt: string;
}
