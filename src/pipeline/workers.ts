import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { ZodError } from 'zod';
import { isRetryable } from '../errors.js';
import { incidentLogger } from '../log.js';
import type { Redis } from '../store/redis.js';
import type { ErrorEmitter } from '../store/redis-outage-log.js';
import type { PipelineContext } from './context.js';
import { handleIntake } from './diagnosis/intake-handler.js';
import { handlePlan } from './diagnosis/plan-handler.js';
import { handleRca } from './diagnosis/rca-handler.js';
import { handleSpecialist } from './diagnosis/specialist-handler.js';
import { handleTriage } from './diagnosis/triage-handler.js';
import { finalFailureListener } from './final-failure.js';
import { handleApplyDecision } from './hitl/apply-decision-handler.js';
import { handleReminder, handleTimeout } from './hitl/timeout-handlers.js';
import { type JobName, parseJobData, QUEUE_NAMES, type QueueName } from './job-catalog.js';
import { type JobControl, jobControl } from './park.js';
import { handleFix } from './remediation/fix-handler.js';
import { handleRemediate } from './remediation/remediate-handler.js';
import { handleVerify } from './remediation/verify-handler.js';
import { handleArchive } from './retention/archive-handler.js';
import { handleRetentionSweep } from './retention/retention-sweep.js';
import { handleDecide } from './review/decide-handler.js';
import { handleGuard } from './review/guard-handler.js';
import { handleRunbookDryRun } from './review/runbook-dry-run-job.js';
import { handleSandbox } from './review/sandbox-handler.js';
import type { StageAttempt } from './stage-runner.js';
import { handleChaosTick } from './watch/chaos.js';
import { handleMonitorSweep } from './watch/monitor-handler.js';

type Handler = (ctx: PipelineContext, job: Job, attempt: StageAttempt, control: JobControl) => Promise<void>;

/** Job name → handler for the incident queue. Handlers are thin: parse, delegate, done. */
const INCIDENT_HANDLERS: Partial<Record<JobName, Handler>> = {
  intake: (ctx, job, attempt) => handleIntake(ctx, parseJobData('intake', job.data).incidentId, attempt),
  triage: (ctx, job, attempt) => handleTriage(ctx, parseJobData('triage', job.data).incidentId, attempt),
  specialist: (ctx, job, attempt) => {
    const data = parseJobData('specialist', job.data);
    return handleSpecialist(ctx, data.incidentId, data.kind, attempt);
  },
  rca: (ctx, job, attempt) => handleRca(ctx, parseJobData('rca', job.data).incidentId, attempt),
  plan: (ctx, job, attempt) => {
    const data = parseJobData('plan', job.data);
    return handlePlan(ctx, data.incidentId, data.round, attempt);
  },
  guard: (ctx, job, attempt) => {
    const data = parseJobData('guard', job.data);
    return handleGuard(ctx, data.incidentId, data.round, attempt);
  },
  sandbox: (ctx, job, attempt) => {
    const data = parseJobData('sandbox', job.data);
    return handleSandbox(ctx, data.incidentId, data.round, attempt);
  },
  decide: (ctx, job, attempt) => {
    const data = parseJobData('decide', job.data);
    return handleDecide(ctx, data.incidentId, data.round, attempt);
  },
  'apply-decision': (ctx, job) => {
    const data = parseJobData('apply-decision', job.data);
    return handleApplyDecision(ctx, data.incidentId, data.round, data.asked ?? 0);
  },
  'hitl-reminder': (ctx, job) => {
    const data = parseJobData('hitl-reminder', job.data);
    return handleReminder(ctx, data.incidentId, data.round);
  },
  'hitl-timeout': (ctx, job) => {
    const data = parseJobData('hitl-timeout', job.data);
    return handleTimeout(ctx, data.incidentId, data.round);
  },
  remediate: (ctx, job, _attempt, control) => {
    const data = parseJobData('remediate', job.data);
    return handleRemediate(ctx, data.incidentId, data.round, control);
  },
  fix: (ctx, job, attempt, control) => handleFix(ctx, parseJobData('fix', job.data), attempt, control),
  'monitor-sweep': (ctx) => handleMonitorSweep(ctx),
  'retention-sweep': async (ctx) => {
    await handleRetentionSweep(ctx);
  },
  archive: (ctx, job) => handleArchive(ctx, parseJobData('archive', job.data).incidentId),
  'runbook-dry-run': (ctx, job) => handleRunbookDryRun(ctx, parseJobData('runbook-dry-run', job.data)),
  'chaos-tick': (ctx, job) => handleChaosTick(ctx, parseJobData('chaos-tick', job.data).seq),
  verify: (ctx, job, attempt) => {
    const data = parseJobData('verify', job.data);
    return handleVerify(ctx, data.incidentId, data.round, attempt);
  },
};

export interface WorkerTuning {
  concurrency: number;
  /** How long a job's lock lasts unless renewed (at half of it): a dead worker's jobs wait this long. */
  lockDuration?: number;
  /** How often this worker looks for jobs whose lock expired (their worker died) and hands them on. */
  stalledInterval?: number;
  /** Stalls a job survives before it fails for good (then `failed` hands its incident to people). */
  maxStalledCount?: number;
}

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Where a worker's `error` events go (the process's Redis outage log). */
export type WatchErrors = (source: string, emitter: ErrorEmitter) => void;

function attemptOf(job: Job): StageAttempt {
  const allowed = job.opts.attempts ?? 1;
  const attempt = job.attemptsMade + 1;
  return { attempt, isFinalAttempt: attempt >= allowed, firstStart: job.attemptsStarted <= 1 };
}

export function createIncidentProcessor(ctx: PipelineContext) {
  return async (job: Job, token?: string): Promise<void> => {
    const handler = INCIDENT_HANDLERS[job.name as JobName];
    if (!handler) throw new UnrecoverableError(`No handler for job ${job.name}`);
    const attempt = attemptOf(job);
    try {
      await handler(ctx, job, attempt, jobControl(job, token));
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      const permanent = error instanceof ZodError || !isRetryable(error);
      const incidentId = typeof job.data?.incidentId === 'string' ? job.data.incidentId : undefined;
      const log = incidentId ? incidentLogger(ctx.logger, incidentId) : ctx.logger;
      log.warn(
        { err: error, job: job.name, jobId: job.id, attempt: attempt.attempt, permanent },
        'stage failed',
      );
      // A job that fails for good hands its incident to people in the worker's `failed` listener
      // (final-failure.ts), which also sees jobs that stalled to death.
      if (permanent) throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      throw error;
    }
  };
}

export function startWorker(
  queue: QueueName,
  processor: (job: Job, token?: string) => Promise<unknown>,
  connection: Redis,
  prefix: string,
  tuning: WorkerTuning,
  watchErrors: WatchErrors,
): Worker {
  const running = new Map<string, { job: Job; token: string | undefined }>();
  const tracked = async (job: Job, token?: string) => {
    const key = String(job.id);
    running.set(key, { job, token });
    try {
      return await processor(job, token);
    } finally {
      running.delete(key);
    }
  };
  const worker = new Worker(queue, tracked, {
    connection,
    prefix,
    concurrency: tuning.concurrency,
    ...(tuning.lockDuration ? { lockDuration: tuning.lockDuration } : {}),
    ...(tuning.stalledInterval ? { stalledInterval: tuning.stalledInterval } : {}),
    ...(tuning.maxStalledCount !== undefined ? { maxStalledCount: tuning.maxStalledCount } : {}),
  });
  watchErrors(`worker ${queue}`, worker);
  RUNNING_JOBS.set(worker, running);
  return worker;
}

const RUNNING_JOBS = new WeakMap<Worker, Map<string, { job: Job; token: string | undefined }>>();

/**
 * Puts the jobs this worker is still running back in the queue for another worker, at once,
 * instead of leaving them to stall until their lock expires: for a shutdown whose time is up.
 * Stages are idempotent, so the job's next run redoes only what this one did not store.
 */
export async function handBackRunningJobs(worker: Worker): Promise<number> {
  const running = [...(RUNNING_JOBS.get(worker)?.values() ?? [])];
  await Promise.all(running.map(({ job, token }) => job.moveToWait(token)));
  return running.length;
}

export function startIncidentWorker(
  ctx: PipelineContext,
  connection: Redis,
  prefix: string,
  tuning: WorkerTuning,
  watchErrors: WatchErrors,
): Worker {
  const worker = startWorker(
    QUEUE_NAMES.incident,
    createIncidentProcessor(ctx),
    connection,
    prefix,
    tuning,
    watchErrors,
  );
  worker.on('failed', finalFailureListener(ctx));
  return worker;
}
