import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import type { Executor } from '../../../src/executors/port.js';
import { createPostgresExecutor } from '../../../src/executors/postgres/postgres-executor.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { createThrowawayDatabase, postgresMissing, type ThrowawayDatabase } from '../../support/postgres.js';
import { renderStep } from '../../support/runbook-step.js';
import { waitFor } from '../../support/test-runtime.js';

const missing = await postgresMissing();
const PASSWORD = 'pg-secret-password-0123';

const cancelJob = {
  kind: 'postgres',
  statement: "UPDATE jobs SET state = 'cancelled' WHERE name = {{job}} AND state = 'running'",
  check: 'SELECT name, state FROM jobs WHERE name = {{job}}',
  rollback: "UPDATE jobs SET state = 'running' WHERE name = {{job}} AND state = 'cancelled'",
};
const jobParams = { job: { type: 'string', pattern: "^[a-z0-9' =-]{1,40}$" } };

describe.skipIf(skipForMissingTool(missing))('postgres executor against a real PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let owner: pg.Client;

  beforeAll(async () => {
    requireTool(missing);
    database = await createThrowawayDatabase();
    owner = await database.connect();
    await owner.query('CREATE TABLE jobs (name text PRIMARY KEY, state text NOT NULL)');
    await owner.query("INSERT INTO jobs VALUES ('nightly-report', 'running'), ('reindex', 'running')");
  });
  afterAll(async () => {
    await database?.drop();
  });

  function executor(overrides: Record<string, unknown> = {}): Executor {
    const config = postgresExecutorConfigSchema.parse({
      name: 'orders-db',
      kind: 'postgres',
      host: '127.0.0.1',
      database: database.name,
      user: 'postgres',
      credentials: { password: { env: 'ORDERS_DB_PASSWORD' } },
      ...overrides,
    });
    return createPostgresExecutor(config, { password: PASSWORD });
  }
  const stateOf = async (name: string) =>
    (await owner.query('SELECT state FROM jobs WHERE name = $1', [name])).rows[0]?.state;

  it('dry run runs the check read-only and changes nothing; apply changes the row; rollback undoes it', async () => {
    const db = executor();
    const action = renderStep(cancelJob, jobParams, { job: 'nightly-report' });
    const dry = await db.dryRun(action);
    expect(dry).toMatchObject({ outcome: 'ok', mode: 'dry-run' });
    expect(dry.output).toBe('SELECT 1\n{"name":"nightly-report","state":"running"}');
    expect(await stateOf('nightly-report')).toBe('running');

    const applied = await db.apply(action);
    expect(applied).toMatchObject({ outcome: 'ok', output: 'UPDATE 1' });
    expect(await stateOf('nightly-report')).toBe('cancelled');
    expect(await db.check(action)).toMatchObject({ outcome: 'ok', after: { command: 'SELECT', rows: 1 } });
    expect(await db.rollback(action, applied)).toMatchObject({ outcome: 'ok', output: 'UPDATE 1' });
    expect(await stateOf('nightly-report')).toBe('running');
  });

  it('without a check, a dry run EXPLAINs the statement with its bind values and never executes it', async () => {
    const { check: _check, ...withoutCheck } = cancelJob;
    const dry = await executor().dryRun(renderStep(withoutCheck, jobParams, { job: 'reindex' }));
    expect(dry.outcome).toBe('ok');
    expect(dry.output).toMatch(/^Update on jobs/);
    expect(await stateOf('reindex')).toBe('running');
  });

  it('sends values only as bind parameters: a quote in a value is data, not SQL', async () => {
    const action = renderStep(cancelJob, jobParams, { job: "x' or '1'='1" });
    expect(action).toMatchObject({ statement: { values: ["x' or '1'='1"] } });
    expect(await executor().apply(action)).toMatchObject({ outcome: 'ok', output: 'UPDATE 0' });
    expect(await stateOf('reindex')).toBe('running');
  });

  it('runs checks in a READ ONLY transaction: a check that writes is refused by the server', async () => {
    const sneaky = renderStep(
      {
        kind: 'postgres',
        statement: 'SELECT 1',
        check: "UPDATE jobs SET state = 'gone' WHERE name = {{job}}",
      },
      jobParams,
      { job: 'reindex' },
    );
    const checked = await executor().check(sneaky);
    expect(checked.outcome).toBe('failed');
    expect(checked.reason).toBe('PostgreSQL 25006: cannot execute UPDATE in a read-only transaction');
    expect(await stateOf('reindex')).toBe('running');
  });

  it('limits every statement with statement_timeout and rolls back what it had done', async () => {
    const slow = renderStep(
      {
        kind: 'postgres',
        statement: "UPDATE jobs SET state = 'stuck' WHERE name = {{job}} RETURNING pg_sleep(5)",
      },
      jobParams,
      { job: 'reindex' },
    );
    const result = await executor({ statementTimeoutMs: 300 }).apply(slow);
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: 'PostgreSQL 57014: canceling statement due to statement timeout',
    });
    expect(await stateOf('reindex')).toBe('running');
  });

  it('terminates idle connections of one application, the way a runbook would', async () => {
    const victim = await database.connect('leaky-worker');
    const ended = new Promise((resolve) => victim.once('end', resolve));
    const statement =
      "SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = current_database() AND application_name = {{app}} AND state = 'idle'";
    const appParam = { app: { type: 'string', pattern: '^[a-z-]{1,40}$' } };
    const terminate = renderStep(
      {
        kind: 'postgres',
        statement,
        check:
          'SELECT count(*)::int AS idle FROM pg_stat_activity WHERE datname = current_database() AND application_name = {{app}}',
      },
      appParam,
      { app: 'leaky-worker' },
    );
    const withoutCheck = renderStep({ kind: 'postgres', statement }, appParam, { app: 'leaky-worker' });
    const db = executor();
    expect((await db.check(terminate)).output).toBe('SELECT 1\n{"idle":1}');
    // Neither dry run terminates anything: the check is read-only, the EXPLAIN never executes.
    expect(await db.dryRun(terminate)).toMatchObject({ outcome: 'ok', output: 'SELECT 1\n{"idle":1}' });
    const explained = await db.dryRun(withoutCheck);
    expect(explained).toMatchObject({ outcome: 'ok', mode: 'dry-run' });
    expect(explained.output).toContain('Function Scan on pg_stat_get_activity');
    expect((await victim.query('SELECT 1 AS alive')).rows).toEqual([{ alive: 1 }]);
    expect((await db.check(terminate)).output).toBe('SELECT 1\n{"idle":1}');
    expect(await db.apply(terminate)).toMatchObject({
      outcome: 'ok',
      output: 'SELECT 1\n{"terminated":true}',
    });
    await ended;
    await waitFor(async () => ((await db.check(terminate)).output.endsWith('{"idle":0}') ? true : undefined));
  });

  it('fails without a change when the database cannot be reached or the call times out', async () => {
    const action = renderStep(cancelJob, jobParams, { job: 'reindex' });
    const unreachable = await executor({ port: 1 }).apply(action);
    expect(unreachable).toMatchObject({ outcome: 'failed' });
    expect(unreachable.reason).toMatch(/^PostgreSQL connection: connect ECONNREFUSED 127\.0\.0\.1:1/);
    const slow = renderStep(
      {
        kind: 'postgres',
        statement: "UPDATE jobs SET state = 'slow' WHERE name = {{job}} RETURNING pg_sleep(2)",
      },
      jobParams,
      { job: 'reindex' },
    );
    // The caller's budget is shorter than the statement's own limit: the connection is closed.
    const cut = await executor({ timeoutMs: 400, statementTimeoutMs: 10_000 }).apply(slow);
    expect(cut).toMatchObject({ outcome: 'failed', reason: 'timed out after 400 ms' });
    // Once the server has noticed and ended that session, its uncommitted update is gone.
    const active =
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'warroom' AND state = 'active'";
    await waitFor(async () => ((await owner.query(active)).rows[0]?.n === 0 ? true : undefined));
    expect(await stateOf('reindex')).toBe('running');
  });

  it('masks its password and connection string wherever they would show', async () => {
    const connectionString = `postgresql://postgres:${PASSWORD}@127.0.0.1:5432/${database.name}`;
    const config = postgresExecutorConfigSchema.parse({
      name: 'orders-db',
      kind: 'postgres',
      credentials: { connectionString: { file: '/run/secrets/orders-db-url' } },
    });
    const db = createPostgresExecutor(config, { connectionString });
    const echo = renderStep(
      { kind: 'postgres', statement: 'SELECT {{text}}::text AS echoed' },
      { text: { type: 'string', pattern: '^.+$' } },
      { text: `leaked ${PASSWORD}` },
    );
    const result = await db.apply(echo);
    expect(result.outcome).toBe('ok');
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(result.output).toContain('leaked [redacted]');
  });
});
