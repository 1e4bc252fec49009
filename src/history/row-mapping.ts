import type { ApprovalRound } from '../domain/approval.js';
import type { IncidentRecord, RecordedAction, RecordedTimelineEntry } from '../domain/incident-record.js';
import { StageRun } from '../domain/stage-run.js';
import { Ticket } from '../domain/ticket.js';

/** An ISO time, a ms timestamp or nothing, as PostgreSQL's timestamptz takes it. */
function timeOf(value: unknown): string | null {
  if (typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'string') return value;
  return null;
}

const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Column values per table, in the order of the INSERT statements of pg-archive.ts. */
export interface IncidentRows {
  incident: unknown[];
  timeline: unknown[][];
  decisions: unknown[][];
  outputs: unknown[][];
  runs: unknown[][];
  actions: unknown[][];
  alerts: unknown[][];
  slack: unknown[][];
}

export function toRows(record: IncidentRecord): IncidentRows {
  const { ticket } = record;
  return {
    incident: [
      ticket.id,
      ticket.system,
      ticket.sev,
      ticket.status,
      ticket.source,
      ticket.issue,
      ticket.createdAt,
      ticket.updatedAt,
      record.closedAt,
      JSON.stringify(ticket),
      record.postmortem,
    ],
    timeline: record.timeline.map((entry, position) => [
      entry.id,
      position,
      entry.type,
      entry.at,
      entry.by ?? null,
      JSON.stringify(entry.data),
    ]),
    decisions: record.decisions.rounds.map((round) => [
      round.round,
      round.route,
      round.state,
      round.openedAt,
      round.decision?.kind ?? null,
      round.decision?.by ?? null,
      round.decision?.at ?? null,
      round.decision?.reason ?? null,
      JSON.stringify(round),
    ]),
    outputs: Object.entries(record.outputs).map(([key, output]) => [key, JSON.stringify(output)]),
    runs: record.runs.map((run) => [run.key, JSON.stringify(run)]),
    actions: record.actions.map((action) => [
      action.round,
      action.stepId,
      action.phase,
      textOf(action.start.executor),
      timeOf(action.start.startedAt),
      textOf(action.outcome?.outcome),
      timeOf(action.outcome?.finishedAt),
      JSON.stringify(action.start),
      action.outcome ? JSON.stringify(action.outcome) : null,
    ]),
    alerts: Object.entries(record.alerts).map(([fingerprint, status]) => [fingerprint, status]),
    slack: record.slack.map((message) => [message.key, message.channel, message.ts, message.permalink]),
  };
}

/** Rows as node-postgres returns them (jsonb decoded, timestamptz as Date). */
export interface StoredRows {
  incident: { ticket: unknown; postmortem: string | null; closed_at: Date };
  timeline: Array<{ entry_id: string; type: string; at: Date; by_user: string | null; data: unknown }>;
  decisions: Array<{ entry: unknown }>;
  outputs: Array<{ stage_key: string; output: unknown }>;
  runs: Array<{ run: unknown }>;
  actions: Array<{ round: number; step_id: string; phase: string; start: unknown; result: unknown }>;
  alerts: Array<{ fingerprint: string; status: string }>;
  slack: Array<{ message_key: string; channel: string; ts: string; permalink: string }>;
}

function timelineEntryOf(row: StoredRows['timeline'][number]): RecordedTimelineEntry {
  return {
    id: row.entry_id,
    type: row.type,
    at: row.at.toISOString(),
    ...(row.by_user !== null ? { by: row.by_user } : {}),
    data: row.data as Record<string, unknown>,
  };
}

/** The inverse of `toRows`: the incident as Redis held it (children in their stored order). */
export function fromRows(rows: StoredRows): IncidentRecord {
  const timeline = rows.timeline.map(timelineEntryOf);
  const actions = rows.actions.map(
    (row): RecordedAction => ({
      round: row.round,
      stepId: row.step_id,
      phase: row.phase,
      start: row.start as Record<string, unknown>,
      ...(row.result ? { outcome: row.result as Record<string, unknown> } : {}),
    }),
  );
  return {
    ticket: Ticket.parse(rows.incident.ticket),
    timeline,
    decisions: { rounds: rows.decisions.map((row) => row.entry as ApprovalRound) },
    outputs: Object.fromEntries(rows.outputs.map((row) => [row.stage_key, row.output])),
    runs: rows.runs.map((row) => StageRun.parse(row.run)),
    actions,
    alerts: Object.fromEntries(rows.alerts.map((row) => [row.fingerprint, row.status])),
    slack: rows.slack.map((row) => ({
      key: row.message_key,
      channel: row.channel,
      ts: row.ts,
      permalink: row.permalink,
    })),
    postmortem: rows.incident.postmortem,
    closedAt: rows.incident.closed_at.toISOString(),
  };
}
