import type { Pool, PoolClient } from 'pg';
import { Ticket } from '../domain/ticket.js';
import type { IncidentArchive } from '../pipeline/retention/archive-port.js';
import { fromRows, type StoredRows, toRows } from './row-mapping.js';
import { tallyArchived } from './stats-sql.js';

const UPSERT_INCIDENT = `
INSERT INTO incidents (id, system, sev, status, source, issue, created_at, updated_at, closed_at, ticket, postmortem)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (id) DO UPDATE SET
  system = EXCLUDED.system, sev = EXCLUDED.sev, status = EXCLUDED.status, source = EXCLUDED.source,
  issue = EXCLUDED.issue, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
  closed_at = EXCLUDED.closed_at, ticket = EXCLUDED.ticket, postmortem = EXCLUDED.postmortem,
  archived_at = now()`;

/** Child tables: name, columns after incident_id. Rows are replaced as a whole on every archive. */
const CHILDREN = {
  timeline: ['incident_timeline', ['entry_id', 'position', 'type', 'at', 'by_user', 'data']],
  decisions: [
    'incident_decisions',
    ['round', 'route', 'state', 'opened_at', 'kind', 'decided_by', 'decided_at', 'reason', 'entry'],
  ],
  outputs: ['incident_outputs', ['stage_key', 'output']],
  runs: ['incident_stage_runs', ['stage_key', 'run']],
  actions: [
    'incident_actions',
    ['round', 'step_id', 'phase', 'executor', 'started_at', 'outcome', 'finished_at', 'start', 'result'],
  ],
  alerts: ['incident_alerts', ['fingerprint', 'status']],
  slack: ['incident_slack_messages', ['message_key', 'channel', 'ts', 'permalink']],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

type ChildName = keyof typeof CHILDREN;

/** Rows of one table per statement: `($1,$2,…),($n,…)` with one incident id in front of each row. */
async function insertChildren(client: PoolClient, id: string, name: ChildName, rows: unknown[][]) {
  if (rows.length === 0) return;
  const [table, columns] = CHILDREN[name];
  const width = columns.length + 1;
  // Stay well under PostgreSQL's 65,535 parameters per statement.
  const perStatement = Math.floor(30_000 / width);
  for (let from = 0; from < rows.length; from += perStatement) {
    const chunk = rows.slice(from, from + perStatement);
    const values = chunk.map(
      (_, row) => `(${Array.from({ length: width }, (_, col) => `$${row * width + col + 1}`).join(',')})`,
    );
    await client.query(
      `INSERT INTO ${table} (incident_id, ${columns.join(', ')}) VALUES ${values.join(',')}`,
      chunk.flatMap((row) => [id, ...row]),
    );
  }
}

/** Writes an incident and everything it left in one transaction; repeating it changes nothing. */
export type HistoryDatabase = IncidentArchive;

export function createHistoryDatabase(pool: Pool): HistoryDatabase {
  return {
    async archive(record) {
      const rows = toRows(record);
      const id = record.ticket.id;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(UPSERT_INCIDENT, rows.incident);
        for (const name of Object.keys(CHILDREN) as ChildName[]) {
          await client.query(`DELETE FROM ${CHILDREN[name][0]} WHERE incident_id = $1`, [id]);
          await insertChildren(client, id, name, rows[name]);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    async read(id) {
      const incident = await pool.query('SELECT ticket, postmortem, closed_at FROM incidents WHERE id = $1', [
        id,
      ]);
      const head = incident.rows[0];
      if (!head) return undefined;
      const select = (sql: string) => pool.query(sql, [id]).then((result) => result.rows);
      const [timeline, decisions, outputs, runs, actions, alerts, slack] = await Promise.all([
        select(
          'SELECT entry_id, type, at, by_user, data FROM incident_timeline WHERE incident_id = $1 ORDER BY position',
        ),
        select('SELECT entry FROM incident_decisions WHERE incident_id = $1 ORDER BY round'),
        select('SELECT stage_key, output FROM incident_outputs WHERE incident_id = $1 ORDER BY stage_key'),
        select('SELECT run FROM incident_stage_runs WHERE incident_id = $1'),
        select(
          'SELECT round, step_id, phase, start, result FROM incident_actions WHERE incident_id = $1 ORDER BY round, step_id, phase',
        ),
        select('SELECT fingerprint, status FROM incident_alerts WHERE incident_id = $1 ORDER BY fingerprint'),
        select(
          'SELECT message_key, channel, ts, permalink FROM incident_slack_messages WHERE incident_id = $1 ORDER BY ts, message_key',
        ),
      ]);
      const record = fromRows({
        incident: head,
        timeline,
        decisions,
        outputs,
        runs,
        actions,
        alerts,
        slack,
      } as StoredRows);
      // Stage runs keep their thread order, as the Redis store sorts them.
      record.runs.sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key));
      return record;
    },

    async recent({ status, limit }) {
      const result = status
        ? await pool.query(
            'SELECT ticket FROM incidents WHERE status = $1 ORDER BY created_at DESC LIMIT $2',
            [status, limit],
          )
        : await pool.query('SELECT ticket FROM incidents ORDER BY created_at DESC LIMIT $1', [limit]);
      return result.rows.map((row) => Ticket.parse(row.ticket));
    },

    async cards(ids) {
      if (ids.length === 0) return new Map();
      const result = await pool.query<{ incident_id: string; channel: string; ts: string }>(
        `SELECT incident_id, channel, ts FROM incident_slack_messages WHERE message_key = 'card' AND incident_id = ANY($1)`,
        [ids],
      );
      return new Map(result.rows.map((row) => [row.incident_id, { channel: row.channel, ts: row.ts }]));
    },

    tally: (window, except) => tallyArchived(pool, window, except),
  };
}
