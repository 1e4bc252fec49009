import type { Job, Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { ZodError, z } from 'zod';
import { INCIDENT_JOBS } from '../../../src/jobs.js';
import { createDispatch } from '../../../src/pipeline/dispatch.js';
import { type JobData, QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { defineJob, type JobRun } from '../../../src/pipeline/job-definition.js';
import { handOverToHumans } from '../../../src/pipeline/stage-failure.js';
import { startWorker } from '../../../src/pipeline/workers.js';
import { openApiIncident } from '../../support/stage-runs.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

type IncidentJobName = (typeof INCIDENT_JOBS)[number]['name'];

const incidentId = 'INC-0001';
const round = 1;

/** Valid data for every job the incident worker runs: a job added to the list must be added here. */
const SAMPLES: { [N in IncidentJobName]: JobData<N> } = {
  intake: { incidentId },
  triage: { incidentId, reopen: true },
  specialist: { incidentId, kind: 'storage' },
  rca: { incidentId },
  plan: { incidentId, round },
  guard: { incidentId, round },
  sandbox: { incidentId, round },
  decide: { incidentId, round },
  'apply-decision': { incidentId, round },
  'hitl-reminder': { incidentId, round },
  'hitl-timeout': { incidentId, round },
  remediate: { incidentId, round },
  fix: { incidentId, round, fixer: 'compute' },
  verify: { incidentId, round },
  'monitor-sweep': {},
  'retention-sweep': {},
  archive: { incidentId },
  'chaos-tick': { seq: 0 },
  'runbook-dry-run': {
    requestId: 'req_12345678',
    runbookId: 'restart-api',
    service: 'api',
    overrides: {},
    userId: 'U123',
    channelId: 'C123',
  },
  page: { incidentId, round, reason: 'sev1_waiting' },
  'page-resolve': { incidentId },
  // No such task is loaded here: its run finds nothing to do, and completes.
  'task-run': { taskId: 'nightly-backup' },
  'task-execute': { taskId: 'nightly-backup', day: '2026-12-06', runId: 's1765000000000' },
  'task-expire': { taskId: 'nightly-backup', day: '2026-12-06', runId: 's1765000000000' },
  // No such change is stored here: each of its jobs finds nothing to do, and completes.
  'change-preflight': { changeId: 'CHG-0001' },
  'change-phase': { changeId: 'CHG-0001', phase: 0, pass: 0 },
  'change-gate': { changeId: 'CHG-0001', phase: 0, pass: 0 },
  'change-rollback': { changeId: 'CHG-0001' },
  'change-expire': { changeId: 'CHG-0001' },
};

/** Jobs the worker finished, by id: completed, or failed for good (with the error it failed with). */
function outcomes(worker: Worker) {
  const completed = new Set<string>();
  const failed = new Map<string, { job: Job; error: Error }>();
  worker.on('completed', (job) => completed.add(String(job.id)));
  worker.on('failed', (job, error) => {
    if (job?.finishedOn) failed.set(String(job.id), { job, error });
  });
  return { completed, failed };
}

async function addRaw(runtime: TestRuntime, name: string, data: unknown): Promise<string> {
  // Straight onto the queue, as another version of Warroom or a person with redis-cli could.
  const job = await runtime.ctx.queues
    .queue(QUEUE_NAMES.incident)
    .add(name, data, { attempts: 4, backoff: { type: 'fixed', delay: 10 } });
  return String(job.id);
}

describe('the incident worker, dispatching from the jobs declarations over real BullMQ', () => {
  let runtime: TestRuntime | undefined;
  afterEach(() => runtime?.dispose());

  it('runs every declared job to completion through its handler', async () => {
    runtime = createTestRuntime();
    await openApiIncident(runtime.ctx, 'C0DISPATCH');
    // Closed before any worker runs: every incident job then finds nothing to do, and completes.
    await handOverToHumans(runtime.ctx, incidentId, 'test', new Error('closed by the test'));
    const { completed, failed } = outcomes(runtime.startIncidentWorker({ concurrency: 4 }));

    const queue = runtime.ctx.queues.queue(QUEUE_NAMES.incident);
    const ids = new Map<string, string>();
    for (const declared of INCIDENT_JOBS) {
      const job = await queue.add(declared.name, SAMPLES[declared.name], declared.options);
      ids.set(declared.name, String(job.id));
    }

    await waitFor(
      () => {
        const pending = [...ids].filter(([, id]) => !completed.has(id) && !failed.has(id));
        return pending.length === 0 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'every declared job to finish' },
    );
    const failures = [...ids].flatMap(([name, id]) => {
      const failure = failed.get(id);
      return failure ? [`${name}: ${failure.error.message}`] : [];
    });
    expect(failures).toEqual([]);
    expect([...ids.keys()].sort()).toEqual(INCIDENT_JOBS.map((declared) => declared.name).sort());
    const ticket = await runtime.ctx.tickets.require(incidentId);
    expect(ticket.status).toBe('Needs_Followup');
  });

  it('fails a job no declaration names at once, for good', async () => {
    runtime = createTestRuntime();
    const { completed, failed } = outcomes(runtime.startIncidentWorker({ concurrency: 2 }));
    // A positive control on the same worker: a declared job still runs.
    const control = await addRaw(runtime, 'chaos-tick', { seq: 0 });
    const unknown = await addRaw(runtime, 'no-such-job', { seq: 0 });

    const failure = await waitFor(() => failed.get(unknown), { what: 'the unknown job to fail' });
    expect(failure.error.message).toBe('No handler for job no-such-job');
    expect(failure.job.attemptsMade).toBe(1);
    await waitFor(() => (completed.has(control) ? true : undefined), { what: 'the control job to complete' });
  });

  it('fails a job whose data its schema refuses at once, for good, saying why', async () => {
    runtime = createTestRuntime();
    const { completed, failed } = outcomes(runtime.startIncidentWorker({ concurrency: 2 }));
    const control = await addRaw(runtime, 'chaos-tick', { seq: 1 });
    const invalid = await addRaw(runtime, 'chaos-tick', { seq: -1 });

    const failure = await waitFor(() => failed.get(invalid), { what: 'the invalid job to fail' });
    expect(failure.job.attemptsMade).toBe(1);
    expect(failure.error.message).toMatch(/seq/);
    expect(failure.error.message).toMatch(/>=0/);
    await waitFor(() => (completed.has(control) ? true : undefined), { what: 'the control job to complete' });
  });

  it('refuses to enqueue data the schema refuses, and enqueues nothing', async () => {
    runtime = createTestRuntime();
    const queue = runtime.ctx.queues.queue(QUEUE_NAMES.incident);
    const before = await queue.count();
    const bad = { incidentId: 'not an id', round: 0 } as unknown as JobData<'plan'>;
    await expect(runtime.ctx.queues.add('plan', bad)).rejects.toBeInstanceOf(ZodError);
    expect(await queue.count()).toBe(before);
    // Its positive control: the same call with good data does enqueue.
    await runtime.ctx.queues.add('plan', { incidentId, round: 1 });
    expect(await queue.getJob('INC-0001-plan-r1')).toBeTruthy();
  });
});

describe('a dispatch generated from declarations', () => {
  let runtime: TestRuntime | undefined;
  afterEach(() => runtime?.dispose());

  it('hands each job to the declaration of its name, with its parsed input and its attempt', async () => {
    runtime = createTestRuntime();
    const ran: Array<{ by: string; input: unknown; attempt: JobRun['attempt'] }> = [];
    const declare = (name: string) =>
      defineJob({
        name,
        input: z.object({ n: z.coerce.number() }),
        run: async (_deps: null, input, { attempt }) => {
          ran.push({ by: name, input, attempt });
        },
      });
    const dispatch = createDispatch([declare('alpha'), declare('beta')]);
    const worker = runtime.track(
      startWorker(
        QUEUE_NAMES.incident,
        (job, token) => dispatch(null, job, token),
        runtime.blockingConnection('dispatch-test'),
        runtime.keys.queuePrefix,
        { concurrency: 1 },
        runtime.watchErrors,
      ),
    );
    const { completed } = outcomes(worker);
    const queue = runtime.ctx.queues.queue(QUEUE_NAMES.incident);
    const jobs = [await queue.add('beta', { n: '2' }, { attempts: 3 }), await queue.add('alpha', { n: 1 })];
    await waitFor(() => (jobs.every((job) => completed.has(String(job.id))) ? true : undefined), {
      what: 'both jobs to complete',
    });
    expect(ran.sort((a, b) => a.by.localeCompare(b.by))).toEqual([
      { by: 'alpha', input: { n: 1 }, attempt: { attempt: 1, isFinalAttempt: true, firstStart: true } },
      { by: 'beta', input: { n: 2 }, attempt: { attempt: 1, isFinalAttempt: false, firstStart: true } },
    ]);
  });

  it('refuses two declarations of one name', () => {
    const twice = defineJob({ name: 'alpha', input: z.object({}), run: async () => undefined });
    expect(() => createDispatch([twice, twice])).toThrow('Two jobs are declared as alpha');
  });
});
