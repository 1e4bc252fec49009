import { z } from 'zod';
import { ChangeNote } from './change.js';
import { ConfidenceBand } from './confidence.js';
import { IncidentId } from './incident-id.js';
import { IncidentRoles, IncidentRoom } from './incident-room.js';
import { ActionKind, Risk } from './runbook.js';
import { Severity } from './severity.js';
import { SilenceNote } from './silence.js';
import { assertTransition, Status } from './status.js';

/** `task`: a routine task (a runbook with a schedule) failed. */
export const IncidentSource = z.enum(['inject', 'alert', 'monitor', 'manual', 'task']);
export type IncidentSource = z.infer<typeof IncidentSource>;

export const PlannedAction = z.object({
  id: z.string().min(1).max(40),
  kind: ActionKind,
  target: z.string().min(1),
  description: z.string().min(1).max(500),
  risk: Risk,
  blastRadius: z.string().max(300),
  rollback: z.string().max(300),
});
export type PlannedAction = z.infer<typeof PlannedAction>;

export const RootCause = z.object({
  rootService: z.string(),
  fault: z.string(),
  summary: z.string().max(500),
  evidence: z.array(z.string().max(500)).max(20),
});
export type RootCause = z.infer<typeof RootCause>;

export const Confidence = z.object({
  score: z.number().int().min(0).max(100),
  band: ConfidenceBand,
});
export type Confidence = z.infer<typeof Confidence>;

export const HistoryEntry = z.object({
  at: z.string(),
  from: Status.nullable(),
  to: Status,
  by: z.string().optional(),
  reason: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Ticket = z.object({
  id: IncidentId,
  system: z.string().min(1).max(100),
  issue: z.string().min(1).max(500),
  sev: Severity,
  status: Status,
  source: IncidentSource,
  /** Slack channel the incident lives in, when it has one. */
  channel: z.string().nullable(),
  fingerprint: z.string(),
  rca: RootCause.nullable(),
  confidence: Confidence.nullable(),
  recommendations: z.array(PlannedAction),
  parent: IncidentId.nullable(),
  resolution: z.string().nullable(),
  alerts: z.array(z.string()),
  history: z.array(HistoryEntry),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set when a person reopened a false positive: the crew then diagnoses it in full. */
  reopenedBy: z.string().optional(),
  /** When the thread was reminded that the incident sat in Partially_Resolved or Needs_Followup too long. */
  staleRemindedAt: z.string().optional(),
  /** Who declared or injected it, when a person did. */
  openedBy: z.string().optional(),
  /** The incident's own channel (INCIDENT_CHANNELS), or why it stayed in the main channel's thread. */
  room: IncidentRoom.optional(),
  /** Lead, comms and scribe (`/incident role`): shown on the card and the channel topic. */
  roles: IncidentRoles.optional(),
  /** Opened while a silence matched it (only a sev1 is): the card says so, and nobody is paged. */
  silenced: SilenceNote.optional(),
  /** Deploys on its service or on what that depends on, shortly before it opened: the card and the RCA name them. */
  changes: z.array(ChangeNote).max(5).optional(),
  /** Bumped on every write: the Slack outbox never lets an older version overwrite a newer one. */
  version: z.number().int().nonnegative(),
});
export type Ticket = z.infer<typeof Ticket>;

export interface NewTicket {
  id: string;
  system: string;
  issue: string;
  sev: Severity;
  source: IncidentSource;
  channel: string | null;
  fingerprint: string;
  alerts?: string[];
  openedBy?: string;
  silenced?: SilenceNote;
  changes?: readonly ChangeNote[];
  now: Date;
}

export function newTicket(input: NewTicket): Ticket {
  const at = input.now.toISOString();
  return Ticket.parse({
    id: input.id,
    system: input.system,
    issue: input.issue,
    sev: input.sev,
    status: 'Diagnosing',
    source: input.source,
    channel: input.channel,
    fingerprint: input.fingerprint,
    rca: null,
    confidence: null,
    recommendations: [],
    parent: null,
    resolution: null,
    alerts: input.alerts ?? [],
    history: [{ at, from: null, to: 'Diagnosing' }],
    createdAt: at,
    updatedAt: at,
    ...(input.openedBy ? { openedBy: input.openedBy } : {}),
    ...(input.silenced ? { silenced: input.silenced } : {}),
    ...(input.changes && input.changes.length > 0 ? { changes: input.changes.slice(0, 5) } : {}),
    version: 0,
  });
}

/** The only way a ticket changes status: checked against the transition table. */
export function withStatus(
  ticket: Ticket,
  to: Status,
  meta: { now: Date; by?: string; reason?: string },
): Ticket {
  assertTransition(ticket.status, to);
  const at = meta.now.toISOString();
  const entry: HistoryEntry = { at, from: ticket.status, to };
  if (meta.by) entry.by = meta.by;
  if (meta.reason) entry.reason = meta.reason;
  return { ...ticket, status: to, history: [...ticket.history, entry] };
}
