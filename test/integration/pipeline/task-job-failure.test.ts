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

  it('an expiry that fails for good still ends its approval expired, and leaves a decided run alone', async () => {
    runtime = createTestRuntime({ settings: { hitlTimeoutSeconds: 60 } });
    const { ctx } = runtime;
    const day = dayOf(ctx.now());
    const base = {
      taskId: 'flush',
      day,
      title: 'Flush',
      service: 'bench-cache',
      mode: 'approve' as const,
      trigger: 'schedule' as const,
      status: 'awaiting-approval' as const,
      startedAt: ctx.now().toISOString(),
      steps: [],
    };
    await ctx.tasks.startRun({ ...base, runId: 's1765000000000' });
    await ctx.tasks.updateState('flush', (state) => ({
      ...state,
      awaiting: { day, runId: 's1765000000000' },
    }));
    // The expiry job as the worker last saw it, failed for good.
    const expiryFails = async (runId: string, error: string) => {
      await ctx.queues.add('task-expire', { taskId: 'flush', day, runId }, { delayMs: 60_000 });
      const job = await ctx.queues.queue(QUEUE_NAMES.incident).getJob(`task-expire-flush-${runId}`);
      if (!job) throw new Error('the expiry was not queued');
      await handleFinalFailure(ctx, () => undefined, job, new Error(error));
    };
    await expiryFails('s1765000000000', 'Connection is closed.');
    const run = await ctx.tasks.run(day, 'flush', 's1765000000000');
    expect(run).toMatchObject({
      status: 'expired',
      reason: 'nobody decided within 60 s (the expiry job failed: Connection is closed.)',
    });
    if (!run) throw new Error('the run is gone');
    expect(run.incidentId).toBeUndefined();
    expect((await ctx.tasks.decisionOf(run))?.kind).toBe('expired');
    expect((await ctx.tasks.state('flush')).awaiting).toBeUndefined();

    // An approved run is running its steps: its expiry's failure changes nothing.
    const approved = await ctx.tasks.startRun({ ...base, runId: 's1765000060000' });
    await ctx.tasks.decide(approved, { kind: 'approved', by: 'U0CACHELEAD', at: ctx.now().toISOString() });
    await ctx.tasks.putRun({ ...approved, status: 'running', decidedBy: 'U0CACHELEAD' });
    await expiryFails('s1765000060000', 'again');
    expect(await ctx.tasks.run(day, 'flush', 's1765000060000')).toMatchObject({ status: 'running' });
  });
});
