import type { Status } from './status.js';

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionSettings {
  /** Days closed incidents live in Redis when Redis is the only copy. */
  retentionDays: number;
  /** Days closed incidents stay in Redis once archived (only with a history database). */
  hotDays: number;
  staleDays: number;
  /** A history database is configured: nothing leaves Redis before it is archived there. */
  archiving: boolean;
}

export interface ClosedIncident {
  id: string;
  closedAtMs: number;
  archived: boolean;
}

/**
 * When a closed incident's keys expire (ms since the epoch), or undefined while they must stay:
 * with a history database nothing expires before the archive succeeded.
 */
export function expiryOf(incident: ClosedIncident, settings: RetentionSettings): number | undefined {
  if (!settings.archiving) return incident.closedAtMs + settings.retentionDays * DAY_MS;
  if (!incident.archived) return undefined;
  return incident.closedAtMs + settings.hotDays * DAY_MS;
}

export interface RetentionPlan {
  /** Incidents whose keys get (or keep) this expiry. */
  expire: Array<{ id: string; atMs: number }>;
  /** Incidents past their expiry: their entries leave the global indexes. */
  evict: string[];
  /** Closed but not yet in the history database. */
  archive: string[];
}

/** What the sweep does to closed incidents. Pure: the store applies it. */
export function planRetention(
  closed: readonly ClosedIncident[],
  now: Date,
  settings: RetentionSettings,
): RetentionPlan {
  const plan: RetentionPlan = { expire: [], evict: [], archive: [] };
  for (const incident of closed) {
    if (settings.archiving && !incident.archived) plan.archive.push(incident.id);
    const atMs = expiryOf(incident, settings);
    if (atMs === undefined) continue;
    if (atMs <= now.getTime()) plan.evict.push(incident.id);
    else plan.expire.push({ id: incident.id, atMs });
  }
  return plan;
}

/** Left behind: remediation ended short and nobody has moved the incident since. */
const LINGERING: ReadonlySet<Status> = new Set(['Partially_Resolved', 'Needs_Followup']);

export interface OpenIncident {
  id: string;
  status: Status;
  updatedAt: string;
}

export function isStale(incident: OpenIncident, now: Date, staleDays: number): boolean {
  if (!LINGERING.has(incident.status)) return false;
  return Date.parse(incident.updatedAt) + staleDays * DAY_MS <= now.getTime();
}
