import type { Pool } from 'pg';
import { DecisionKind } from '../domain/approval.js';
import { emptyTally, type StatsTally } from '../domain/incident-stats.js';
import { CLOSED_STATUSES, STATUSES, type Status } from '../domain/status.js';
import {
  HUMAN_DECISION_KINDS,
  REMEDIATING_DECISION_KINDS,
  RESOLVED_STATUSES,
} from '../domain/timeline-facts.js';

/**
 * The stats' parts over archived incidents opened in [$1, $2] (but those in $3, read hot from
 * Redis), aggregated by PostgreSQL: one row, whatever the period. The readings are those of
 * `tallyIncidents` (src/domain/incident-stats.ts): the first human decision or resolve by hand in
 * timeline order, the first approval request of each round, the first go-ahead, the first
 * Resolved or Partially_Resolved in the ticket's history; like the typed timeline, a decision or an
 * approval request whose details do not fit its kind's schema is not read (a round that is not a
 * whole number, an unknown status, …). Durations are whole milliseconds.
 * $4 closed statuses, $5 decision kinds, $6 human kinds, $7 remediating kinds, $8 resolved statuses,
 * $9 every status.
 */
const TALLY_SQL = `
WITH inc AS (
  SELECT id, status, created_at, ticket FROM incidents
  WHERE created_at >= $1 AND created_at <= $2 AND NOT (id = ANY($3::text[]))
),
entries AS (
  SELECT t.incident_id, t.position, t.type, t.at, t.data,
         CASE WHEN jsonb_typeof(t.data->'round') = 'number' AND (t.data->>'round')::numeric >= 0
                   AND (t.data->>'round')::numeric = trunc((t.data->>'round')::numeric)
              THEN (t.data->>'round')::numeric END AS round
  FROM incident_timeline t JOIN inc ON inc.id = t.incident_id
),
decisions AS (
  SELECT incident_id, position, at, data->>'decision' AS kind, round FROM entries
  WHERE type = 'decision' AND round IS NOT NULL
    AND jsonb_typeof(data->'decision') = 'string' AND data->>'decision' = ANY($5::text[])
    AND jsonb_typeof(data->'status') = 'string' AND data->>'status' = ANY($9::text[])
    AND (data->'reason' IS NULL OR jsonb_typeof(data->'reason') = 'string')
    AND (data->'steps' IS NULL OR jsonb_typeof(data->'steps') = 'array')
),
human AS (SELECT * FROM decisions WHERE kind = ANY($6::text[])),
requests AS (
  SELECT DISTINCT ON (incident_id, round) incident_id, round, at FROM entries
  WHERE type = 'approval.requested' AND round IS NOT NULL
    AND jsonb_typeof(data->'route') = 'string' AND jsonb_typeof(data->'reasons') = 'array'
  ORDER BY incident_id, round, position
),
first_human AS (SELECT DISTINCT ON (incident_id) incident_id, at FROM human ORDER BY incident_id, position),
first_by_hand AS (
  SELECT DISTINCT ON (incident_id) incident_id, at FROM entries WHERE type = 'resolved.by_hand'
  ORDER BY incident_id, position
),
first_go AS (
  SELECT DISTINCT ON (incident_id) incident_id, kind FROM decisions WHERE kind = ANY($7::text[])
  ORDER BY incident_id, position
),
resolved AS (
  SELECT DISTINCT ON (inc.id) inc.id, inc.created_at, (h.entry->>'at')::timestamptz AS at
  FROM inc, jsonb_array_elements(inc.ticket->'history') WITH ORDINALITY AS h(entry, n)
  WHERE h.entry->>'to' = ANY($8::text[])
  ORDER BY inc.id, h.n
),
acknowledged AS (
  SELECT round(extract(epoch FROM (least(fh.at, fb.at) - inc.created_at)) * 1000) AS ms
  FROM inc LEFT JOIN first_human fh ON fh.incident_id = inc.id LEFT JOIN first_by_hand fb ON fb.incident_id = inc.id
  WHERE coalesce(fh.at, fb.at) IS NOT NULL
),
waits AS (
  SELECT round(extract(epoch FROM (human.at - requests.at)) * 1000) AS ms
  FROM human JOIN requests ON requests.incident_id = human.incident_id AND requests.round = human.round
),
resolves AS (SELECT round(extract(epoch FROM (at - created_at)) * 1000) AS ms FROM resolved)
SELECT
  (SELECT count(*) FROM inc)::int AS incidents,
  (SELECT count(*) FROM inc WHERE NOT (status = ANY($4::text[])))::int AS open,
  (SELECT coalesce(jsonb_object_agg(status, n), '{}'::jsonb)
     FROM (SELECT status, count(*)::int AS n FROM inc GROUP BY status) s) AS by_status,
  (SELECT coalesce(sum(ms), 0)::float8 FROM acknowledged WHERE ms >= 0) AS ack_sum,
  (SELECT count(*) FROM acknowledged WHERE ms >= 0)::int AS ack_count,
  (SELECT coalesce(sum(ms), 0)::float8 FROM waits WHERE ms >= 0) AS wait_sum,
  (SELECT count(*) FROM waits WHERE ms >= 0)::int AS wait_count,
  (SELECT coalesce(sum(ms), 0)::float8 FROM resolves WHERE ms >= 0) AS resolve_sum,
  (SELECT count(*) FROM resolves WHERE ms >= 0)::int AS resolve_count,
  (SELECT coalesce(sum(jsonb_array_length(ticket->'alerts')), 0)::int FROM inc) AS alerts,
  (SELECT count(*) FROM inc WHERE jsonb_array_length(ticket->'alerts') > 0 AND status <> 'Duplicate')::int
    AS alert_incidents,
  (SELECT count(*) FROM first_go)::int AS remediated,
  (SELECT count(*) FROM first_go WHERE kind = 'auto')::int AS auto,
  (SELECT count(*) FROM human)::int AS human_decisions,
  (SELECT count(*) FROM human WHERE kind = 'approved')::int AS approvals,
  (SELECT count(*) FROM human WHERE kind = 'rejected')::int AS rejections`;

interface TallyRow {
  incidents: number;
  open: number;
  by_status: Record<string, number>;
  ack_sum: number;
  ack_count: number;
  wait_sum: number;
  wait_count: number;
  resolve_sum: number;
  resolve_count: number;
  alerts: number;
  alert_incidents: number;
  remediated: number;
  auto: number;
  human_decisions: number;
  approvals: number;
  rejections: number;
}

/** The stats' parts over archived incidents opened within the window, but `except` (read hot). */
export async function tallyArchived(
  db: Pick<Pool, 'query'>,
  window: { from: Date; to: Date },
  except: readonly string[],
): Promise<StatsTally> {
  const result = await db.query<TallyRow>(TALLY_SQL, [
    window.from,
    window.to,
    except,
    CLOSED_STATUSES,
    DecisionKind.options,
    HUMAN_DECISION_KINDS,
    REMEDIATING_DECISION_KINDS,
    RESOLVED_STATUSES,
    STATUSES,
  ]);
  const row = result.rows[0];
  const tally = emptyTally();
  if (!row) return tally;
  for (const status of STATUSES) tally.byStatus[status as Status] = row.by_status[status] ?? 0;
  return {
    ...tally,
    incidents: row.incidents,
    open: row.open,
    acknowledge: { sum: row.ack_sum, count: row.ack_count },
    approvalWait: { sum: row.wait_sum, count: row.wait_count },
    resolve: { sum: row.resolve_sum, count: row.resolve_count },
    alerts: row.alerts,
    alertIncidents: row.alert_incidents,
    remediated: row.remediated,
    auto: row.auto,
    humanDecisions: row.human_decisions,
    approvals: row.approvals,
    rejections: row.rejections,
  };
}
