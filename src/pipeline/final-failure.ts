import type { Job } from 'bullmq';
import { errorMessage } from '../errors.js';
import { incidentLogger } from '../log.js';
import type { PipelineContext } from './context.js';
import type { StageKeyOf } from './dispatch.js';
import { handOverToHumans } from './stage-failure.js';
import { failTaskJob } from './tasks/task-job-failure.js';

/** A lost specialist or fixer is survivable: its parent runs on the rest. */
const SURVIVABLE = new Set(['specialist', 'fix']);
/** Jobs beside the incident's course: their failure is logged (by the runtime), the incident goes on. */
const BESIDE_THE_COURSE = new Set(['page', 'page-resolve']);

/**
 * What happens once an incident-queue job has failed for good, however it failed: its processor
 * threw on the last attempt, threw something permanent, or it stalled more often than BullMQ
 * allows (the worker running it died mid-job; no processor code of ours saw that). The stage is
 * marked failed where nothing else recorded it, and the incident goes to people. (The runtime
 * logs every job that fails for good.)
 */
export async function handleFinalFailure(
  ctx: PipelineContext,
  stageKeyOf: StageKeyOf,
  job: Job,
  error: unknown,
): Promise<void> {
  if (job.name === 'task-run' || job.name === 'task-execute' || job.name === 'task-expire')
    return failTaskJob(ctx, job, error);
  const incidentId = typeof job.data?.incidentId === 'string' ? job.data.incidentId : undefined;
  if (!incidentId || BESIDE_THE_COURSE.has(job.name)) return;
  await recordStageFailed(ctx, stageKeyOf(job.name, job.data), incidentId, error);
  if (SURVIVABLE.has(job.name)) {
    await ctx.queues.requestSlackSync(incidentId);
    return;
  }
  if (await handOverToHumans(ctx, incidentId, job.name, error)) {
    incidentLogger(ctx.logger, incidentId).warn({ job: job.name }, 'incident handed over to people');
  }
}

/** A stage run still shown running belongs to a job that died with it: say it failed. */
async function recordStageFailed(
  ctx: PipelineContext,
  key: string | undefined,
  incidentId: string,
  error: unknown,
) {
  if (!key) return;
  const run = (await ctx.stages.runs(incidentId)).find((candidate) => candidate.key === key);
  if (run?.state !== 'running') return;
  const failedAt = ctx.now();
  await Promise.all([
    ctx.stages.putRun(incidentId, {
      ...run,
      state: 'failed',
      error: errorMessage(error),
      finishedAt: failedAt.toISOString(),
    }),
    ctx.timeline.append(
      incidentId,
      'stage.failed',
      { stage: key, attempt: run.attempt, error: errorMessage(error), final: true },
      { now: failedAt },
    ),
  ]);
}

/**
 * The worker's `failed` listener: BullMQ emits `failed` for every failed attempt; only one that
 * left the job failed (it has `finishedOn`) is final. Errors here are logged, never left unhandled.
 */
export function finalFailureListener(ctx: PipelineContext, stageKeyOf: StageKeyOf) {
  return (job: Job | undefined, error: Error): void => {
    if (!job?.finishedOn) return;
    handleFinalFailure(ctx, stageKeyOf, job, error).catch((failure: unknown) => {
      ctx.logger.error(
        { err: failure, job: job.name, jobId: job.id },
        'could not hand a failed job over to people',
      );
    });
  };
}
