import { afterEach, describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/task-run.js';
import { handleFinalFailure } from '../../../src/pipeline/final-failure.js';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

describe('a routine task job that fails for good', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  it('ends its run failed with the error and opens an incident on its service, once', async () => {
    runtime = createTestRuntime();
    const { ctx } = runtime;
    const day = dayOf(ctx.now());
    await ctx.tasks.startRun({
      taskId: 'backup',
      runId: 'mdeadbeef42',
      day,
      title: 'Back up',
      service: 'ledger-db',
      mode: 'approve',
      trigger: 'manual',
      status: 'running',
      startedAt: ctx.now().toISOString(),
      steps: [],
    });
    await ctx.queues.add('task-execute', { taskId: 'backup', day, runId: 'mdeadbeef42' });
    const job = await ctx.queues.queue(QUEUE_NAMES.incident).getJob('task-execute-backup-mdeadbeef42');
    if (!job) throw new Error('the job was not queued');

    await handleFinalFailure(ctx, () => undefined, job, new Error('Connection is closed.'));
    const run = await ctx.tasks.run(day, 'backup', 'mdeadbeef42');
    expect(run).toMatchObject({ status: 'failed', reason: 'the worker gave up: Connection is closed.' });
    const incident = await ctx.tickets.require(run?.incidentId ?? 'none');
    expect(incident).toMatchObject({ system: 'ledger-db', source: 'task', sev: 'sev3' });

    // Told twice (a retried listener): the run is over, nothing changes.
    await handleFinalFailure(ctx, () => undefined, job, new Error('again'));
    expect(await ctx.tasks.run(day, 'backup', 'mdeadbeef42')).toEqual(run);
    expect((await ctx.tasks.state('backup')).last?.status).toBe('failed');
  });
});
