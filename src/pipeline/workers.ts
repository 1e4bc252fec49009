import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { ZodError } from 'zod';
import { isRetryable } from '../errors.js';
import { incidentLogger } from '../log.js';
import type { Redis } from '../store/redis.js';
import type { ErrorEmitter } from '../store/redis-outage-log.js';
import type { PipelineContext } from './context.js';
import { attemptOf, createDispatch, stageKeyOf } from './dispatch.js';
import { finalFailureListener } from './final-failure.js';
import { QUEUE_NAMES, type QueueName } from './job-catalog.js';
import type { AnyJob } from './job-definition.js';

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

/** The incident queue's processor: the jobs' dispatch, with the pipeline's retry policy around it. */
export function createIncidentProcessor(ctx: PipelineContext, jobs: readonly AnyJob<PipelineContext>[]) {
  const dispatch = createDispatch(jobs);
  return async (job: Job, token?: string): Promise<void> => {
    try {
      await dispatch(ctx, job, token);
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      const permanent =
        error instanceof ZodError || error instanceof UnrecoverableError || !isRetryable(error);
      const incidentId = typeof job.data?.incidentId === 'string' ? job.data.incidentId : undefined;
      const log = incidentId ? incidentLogger(ctx.logger, incidentId) : ctx.logger;
      log.warn(
        { err: error, job: job.name, jobId: job.id, attempt: attemptOf(job).attempt, permanent },
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
  jobs: readonly AnyJob<PipelineContext>[],
  connection: Redis,
  prefix: string,
  tuning: WorkerTuning,
  watchErrors: WatchErrors,
): Worker {
  const worker = startWorker(
    QUEUE_NAMES.incident,
    createIncidentProcessor(ctx, jobs),
    connection,
    prefix,
    tuning,
    watchErrors,
  );
  worker.on('failed', finalFailureListener(ctx, stageKeyOf(jobs)));
  return worker;
}
