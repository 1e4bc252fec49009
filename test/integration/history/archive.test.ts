import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../../src/domain/status.js';
import { withStatus } from '../../../src/domain/ticket.js';
import { migrate } from '../../../src/history/migrate.js';
import { createPostgresHistory, type PostgresHistory } from '../../../src/history/postgres-history.js';
import { injectAndOpen, refireLatest } from '../../../src/pipeline/inject.js';
import { openIncident } from '../../../src/pipeline/open-incident.js';
import { gatherRecord, handleArchive } from '../../../src/pipeline/retention/archive-handler.js';
import { createStepRecords } from '../../../src/store/step-records.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { createThrowawayDatabase, postgresMissing, type ThrowawayDatabase } from '../../support/postgres.js';
import { createTestRuntime, type TestRuntime, waitFor, waitForStatus } from '../../support/test-runtime.js';

const missing = await postgresMissing();
const skip = skipForMissingTool(missing);

const TABLES = [
  'incidents',
  'incident_timeline',
  'incident_decisions',
  'incident_outputs',
  'incident_stage_runs',
  'incident_actions',
  'incident_alerts',
  'incident_slack_messages',
];

async function rowCounts(history: PostgresHistory): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const result = await history.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}

describe.skipIf(skip)('incident history in PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let history: PostgresHistory;
  let runtime: TestRuntime;

  beforeAll(async () => {
    requireTool(missing);
    database = await createThrowawayDatabase();
    history = createPostgresHistory(database.url);
    runtime = createTestRuntime({ history, archiveDelayMs: 0 });
    runtime.startIncidentWorker({ concurrency: 8 });
  });

  afterAll(async () => {
    await runtime?.dispose();
    await history?.close();
    await database?.drop();
  });

  const archived = (id: string) =>
    waitFor(async () => ((await runtime.ctx.retention.store.isArchived(id)) ? true : undefined), {
      what: `${id} to be archived`,
    });

  /** A person's decision on round 1, applied as the Slack buttons do. */
  async function decide(id: string, kind: 'approved' | 'rejected') {
    const { ctx } = runtime;
    await waitForStatus(runtime, id, ['Awaiting_Approval'], 30_000);
    const at = ctx.now().toISOString();
    await ctx.approvals.decide(id, 1, { kind, by: 'U0ONCALL', at, reason: `${kind} in the test` });
    await ctx.queues.add('apply-decision', { incidentId: id, round: 1 });
  }

  it('archives closed incidents of every terminal status: the rows hold what Redis held', async () => {
    const { ctx } = runtime;
    // First, while the estate is healthy.
    const falsePositive = await openIncident(ctx, {
      system: 'web-edge',
      issue: 'an alert on a healthy estate',
      sev: 'sev3',
      source: 'alert',
      channel: null,
    });
    await waitForStatus(runtime, falsePositive.id, ['False_Positive']);
    const resolved = await injectAndOpen(ctx, { fault: 'crash', service: 'api', channel: 'C1' });
    const duplicate = await refireLatest(ctx, 'C1');
    const rejected = await injectAndOpen(ctx, { fault: 'disk_full', service: 'storage', channel: 'C2' });
    await decide(resolved.id, 'approved');
    await decide(rejected.id, 'rejected');

    const closed = {
      Resolved: resolved.id,
      Duplicate: duplicate.id,
      Rejected: rejected.id,
      False_Positive: falsePositive.id,
    };
    for (const [status, id] of Object.entries(closed)) {
      await waitForStatus(runtime, id, [status as Status], 30_000);
      await archived(id);
    }
    for (const id of Object.values(closed)) {
      const closedAtMs = (await ctx.retention.store.closedAt(id)) ?? 0;
      expect(await history.read(id)).toEqual(await gatherRecord(ctx, id, closedAtMs));
    }
    const record = await history.read(resolved.id);
    expect(record?.decisions.rounds[0]?.decision).toMatchObject({ kind: 'approved', by: 'U0ONCALL' });
    expect(Object.keys(record?.outputs ?? {})).toEqual(
      expect.arrayContaining(['rca', 'plan', 'guard', 'sandbox', 'verify']),
    );
    expect(record?.postmortem).toContain(resolved.id);
  });

  it('leaves the same rows when the archive job runs again, and never archives before the close', async () => {
    const { ctx } = runtime;
    const before = await rowCounts(history);
    expect(before.incidents).toBeGreaterThan(0);
    for (const { id } of await ctx.retention.store.closed()) await handleArchive(ctx, id);
    await Promise.all((await ctx.retention.store.closed()).map(({ id }) => handleArchive(ctx, id)));
    expect(await rowCounts(history)).toEqual(before);

    const open = await ctx.tickets.listOpen();
    for (const ticket of open) await handleArchive(ctx, ticket.id);
    const openIds = open.map((ticket) => ticket.id);
    const rows = await history.pool.query('SELECT id FROM incidents WHERE id = ANY($1)', [openIds]);
    expect(rows.rows).toEqual([]);
  });

  it('archives again when a closed incident changes status (Rejected, then Resolved by hand)', async () => {
    const { ctx } = runtime;
    const rejected = (await history.recent({ status: 'Rejected', limit: 1 }))[0];
    if (!rejected) throw new Error('no archived Rejected incident');
    await ctx.tickets.update(rejected.id, (ticket) =>
      withStatus(ticket, 'Resolved', { now: ctx.now(), by: 'U0ONCALL', reason: 'fixed by hand' }),
    );
    await waitFor(
      async () => ((await history.read(rejected.id))?.ticket.status === 'Resolved' ? true : undefined),
      {
        what: `${rejected.id} archived again as Resolved`,
      },
    );
    await archived(rejected.id);
    const closedAtMs = (await ctx.retention.store.closedAt(rejected.id)) ?? 0;
    expect(await history.read(rejected.id)).toEqual(await gatherRecord(ctx, rejected.id, closedAtMs));
  });

  it('keeps the audit trail: every executor call of the step records, start and outcome', async () => {
    const { ctx, redis, keys } = runtime;
    const [closed] = await ctx.retention.store.closed();
    if (!closed) throw new Error('no closed incident');
    const steps = createStepRecords(redis, keys);
    const ref = { incidentId: closed.id, round: 1, stepId: 'restart-api' };
    const startedAt = Date.parse('2026-12-01T10:00:00Z');
    await steps.recordStart(ref, {
      executor: 'api-supervisor',
      renderedMasked: 'supervisorctl restart api (token ****)',
      approvedBy: ['U0ONCALL'],
      startedAt,
    });
    await steps.recordOutcome(ref, { outcome: 'ok', source: 'executor', finishedAt: startedAt + 1200 });
    await steps.recordStart(
      { ...ref, stepId: 'scale-api' },
      {
        executor: 'api-http',
        renderedMasked: 'POST /scale',
        approvedBy: ['U0ONCALL'],
        startedAt,
      },
    );
    await handleArchive(ctx, closed.id);

    const rows = await history.pool.query(
      'SELECT step_id, executor, outcome, started_at, finished_at FROM incident_actions WHERE incident_id = $1 ORDER BY step_id',
      [closed.id],
    );
    expect(rows.rows).toEqual([
      {
        step_id: 'restart-api',
        executor: 'api-supervisor',
        outcome: 'ok',
        started_at: new Date(startedAt),
        finished_at: new Date(startedAt + 1200),
      },
      {
        step_id: 'scale-api',
        executor: 'api-http',
        outcome: null,
        started_at: new Date(startedAt),
        finished_at: null,
      },
    ]);
    expect(await history.read(closed.id)).toEqual(await gatherRecord(ctx, closed.id, closed.closedAtMs));
  });

  it('gives an archived incident its hot days in Redis, not a day longer', async () => {
    const { ctx, redis, keys } = runtime;
    const [first] = await ctx.retention.store.closed();
    if (!first) throw new Error('no closed incident');
    const ttlMs = await redis.pttl(keys.ticket(first.id));
    // INCIDENT_HOT_DAYS after the close, and the sweep's grace day.
    const expected = first.closedAtMs + (7 + 1) * 24 * 3600 * 1000 - Date.now();
    expect(Math.abs(ttlMs - expected)).toBeLessThan(60_000);
  });

  it('migrates once when several processes start together', async () => {
    const again = await Promise.all([migrate(history.pool), migrate(history.pool), migrate(history.pool)]);
    expect(again).toEqual([[], [], []]);
    const versions = await history.pool.query('SELECT version FROM schema_migrations');
    expect(versions.rows).toEqual([{ version: 1 }]);
  });
});
