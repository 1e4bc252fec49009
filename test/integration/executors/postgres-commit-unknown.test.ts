import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/domain/catalog/index.js';
import type { RunbookPlan } from '../../../src/domain/runbook-plan.js';
import { RUNBOOK_STEP_ENTRY } from '../../../src/domain/runbook-step-entry.js';
import { postgresExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import type { Executor } from '../../../src/executors/port.js';
import { createPostgresExecutor } from '../../../src/executors/postgres/postgres-executor.js';
import { runRunbookPlan } from '../../../src/pipeline/remediation/runbook-fix.js';
import { unfinishedRunVerdict } from '../../../src/pipeline/remediation/runbook-verify.js';
import { parseRunbooks, type Runbook } from '../../../src/runbooks/index.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { type CommitCutter, startCommitCutter } from '../../support/pg-commit-cutter.js';
import { createThrowawayDatabase, postgresMissing, type ThrowawayDatabase } from '../../support/postgres.js';
import { renderStep } from '../../support/runbook-step.js';
import { createTestRuntime } from '../../support/test-runtime.js';
import { catalogOf } from '../../unit/domain/catalog/catalog-fixtures.js';

const missing = await postgresMissing();

const bump = {
  kind: 'postgres',
  statement: 'UPDATE counters SET n = n + 1 WHERE name = {{name}}',
  check: 'SELECT n FROM counters WHERE name = {{name}}',
};
const nameParam = { name: { type: 'string', pattern: '^[a-z-]{1,20}$' } };

/** A runbook step bumping the counter named by param `param`. */
const bumpStep = (param: string) => `  - id: bump-${param}
    title: Bump the ${param} counter
    executor: orders-pg
    action:
      kind: postgres
      statement: UPDATE counters SET n = n + 1 WHERE name = {{${param}}}
      check: SELECT n FROM counters WHERE name = {{${param}}}
    risk: low
`;
const RUNBOOK = `id: bump-twice
title: Bump one counter, then another
matches: { services: [orders-db] }
params:
  first: { type: string, pattern: "^[a-z-]{1,20}$", default: first }
  second: { type: string, pattern: "^[a-z-]{1,20}$", default: second }
steps:
${bumpStep('first')}${bumpStep('second')}`;

/**
 * The connection drops after COMMIT was sent and before its answer: a loopback proxy that reads the
 * wire protocol forwards the COMMIT to the real PostgreSQL and cuts the client off. The server
 * commits; the client cannot know it. That step is `unknown`: never retried, never done or failed.
 */
describe.skipIf(skipForMissingTool(missing))(
  'postgres: COMMIT with no answer, against a real PostgreSQL',
  () => {
    let database: ThrowawayDatabase;
    let owner: pg.Client;
    let cutter: CommitCutter;
    let catalog: Catalog;
    let runbooks: Runbook[];

    beforeAll(async () => {
      requireTool(missing);
      database = await createThrowawayDatabase();
      owner = await database.connect();
      await owner.query('CREATE TABLE counters (name text PRIMARY KEY, n integer NOT NULL)');
      await owner.query(
        'CREATE TABLE slots (slot integer, CONSTRAINT one_each UNIQUE (slot) DEFERRABLE INITIALLY DEFERRED)',
      );
      cutter = await startCommitCutter({ host: '127.0.0.1', port: 5432 });
      catalog = catalogOf({
        name: 'catalog.yaml',
        text: `services:
  - { name: orders-db, tier: 1, executor: orders-pg, approvers: [U0DBA] }
executors:
  - { name: orders-pg, kind: postgres, host: 127.0.0.1, port: ${cutter.port}, database: ${database.name}, user: postgres }
`,
      });
      const parsed = parseRunbooks([{ name: 'bump.yaml', text: RUNBOOK }], catalog);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      runbooks = parsed.runbooks;
    });
    afterAll(async () => {
      await cutter?.close();
      await database?.drop();
    });
    beforeEach(async () => {
      await owner.query('TRUNCATE counters, slots');
      await owner.query("INSERT INTO counters VALUES ('first', 0), ('second', 0), ('solo', 0)");
    });

    function executor(): Executor {
      const config = postgresExecutorConfigSchema.parse({
        name: 'orders-pg',
        kind: 'postgres',
        host: '127.0.0.1',
        port: cutter.port,
        database: database.name,
        user: 'postgres',
        timeoutMs: 10_000,
      });
      return createPostgresExecutor(config, {});
    }
    const countOf = async (name: string) =>
      (await owner.query('SELECT n FROM counters WHERE name = $1', [name])).rows[0]?.n;

    it('the executor answers unknown, not failed, although the server did commit', async () => {
      cutter.arm();
      const result = await executor().apply(renderStep(bump, nameParam, { name: 'solo' }));
      await cutter.committedUnseen();
      expect(result).toMatchObject({ outcome: 'unknown', mode: 'apply' });
      expect(result.reason).toMatch(/^COMMIT got no answer \(PostgreSQL connection: /);
      // Why it must not be called failed: the change is there.
      expect(await countOf('solo')).toBe(1);
      // Unarmed, the same path commits and answers as usual.
      expect(await executor().apply(renderStep(bump, nameParam, { name: 'solo' }))).toMatchObject({
        outcome: 'ok',
      });
      expect(await countOf('solo')).toBe(2);
    });

    it('a COMMIT the server refuses (a deferred constraint) is an answer: failed, and nothing changed', async () => {
      const insert = {
        kind: 'postgres',
        statement: 'INSERT INTO slots SELECT 7 FROM generate_series(1, 2) WHERE {{name}} <> $$x$$',
      };
      const result = await executor().apply(renderStep(insert, nameParam, { name: 'slots' }));
      expect(result).toMatchObject({ outcome: 'failed' });
      expect(result.reason).toMatch(
        /^PostgreSQL 23505: duplicate key value violates unique constraint "one_each"/,
      );
      expect((await owner.query('SELECT count(*)::int AS n FROM slots')).rows[0]?.n).toBe(0);
    });

    it('in a runbook run: the run stops at that step, hands it to people, and a redelivery never runs it again', async () => {
      const pg = executor();
      const runtime = createTestRuntime({
        catalog,
        runbooks,
        stepExecutors: {
          names: ['orders-pg'],
          byName: (name) => (name === 'orders-pg' ? pg : undefined),
          forService: () => pg,
        },
      });
      try {
        const plan: RunbookPlan = {
          runbookId: 'bump-twice',
          title: 'Bump one counter, then another',
          service: 'orders-db',
          params: { first: 'first', second: 'second' },
          autoEligible: false,
          steps: ['bump-first', 'bump-second'].map((stepId) => ({
            stepId,
            title: stepId,
            executor: 'orders-pg',
            action: stepId,
            risk: 'low' as const,
            approval: 'plan' as const,
          })),
        };
        const ids = {
          incidentId: 'INC-0077',
          round: 1,
          approvedBy: ['U0DBA'],
          approvedSteps: new Set<string>(),
        };

        cutter.arm();
        const first = await runRunbookPlan(runtime.ctx, ids, plan);
        await cutter.committedUnseen();
        expect(first.run).toMatchObject({ status: 'outcome-unknown', stepId: 'bump-first' });
        expect(first.run.reason).toMatch(/COMMIT got no answer/);
        expect(first.steps.map((step) => [step.actionId, step.outcome])).toEqual([
          ['bump-first', 'manual'],
          ['bump-second', 'skipped'],
        ]);
        expect(first.steps[0]?.log.at(-1)).toMatch(/^outcome unknown: handed to people, never run again/);
        expect(first.steps[1]?.log).toEqual(['not run: an earlier step stopped the plan']);
        const entries = (await runtime.ctx.timeline.read('INC-0077')).filter(
          (entry) => entry.type === RUNBOOK_STEP_ENTRY,
        );
        expect(entries.map((entry) => [entry.data.stepId, entry.data.outcome])).toEqual([
          ['bump-first', 'unknown'],
        ]);

        // A redelivered job runs the plan again: the records say unknown, so nothing is sent.
        const again = await runRunbookPlan(runtime.ctx, ids, plan);
        expect(again.run).toMatchObject({ status: 'outcome-unknown', stepId: 'bump-first' });
        expect([await countOf('first'), await countOf('second')]).toEqual([1, 0]);

        expect(unfinishedRunVerdict(plan, first.run)).toMatchObject({
          status: 'Needs_Followup',
          summary: expect.stringMatching(
            /^Runbook bump-twice stopped: the outcome is unknown, handed to people and never run again, at step bump-first \(COMMIT got no answer/,
          ),
        });
      } finally {
        await runtime.dispose();
      }
    });
  },
);
