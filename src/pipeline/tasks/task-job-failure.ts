import type { Job } from 'bullmq';
import { dayOf, isFinished } from '../../domain/task-run.js';
import { errorMessage } from '../../errors.js';
import type { PipelineContext } from '../context.js';
import { finishTaskRun } from './task-finish.js';
import { TaskExecuteInput, TaskRunInput } from './task-inputs.js';
import { handleTaskExpire } from './task-runs.js';
import { scheduledRunId } from './task-schedules.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A task job that failed for good (its last attempt threw, or it stalled to death): its run, if
 * one was recorded, ends failed with the error (an expiry's ends expired), so the digest never shows it running forever and
 * the failure opens its incident like any other.
 */
export async function failTaskJob(ctx: PipelineContext, job: Job, error: unknown): Promise<void> {
  // The expiry's own last try: the approval still ends (buttons gone), unless someone decided first.
  if (job.name === 'task-expire')
    return handleTaskExpire(
      ctx,
      TaskExecuteInput.parse(job.data),
      ` (the expiry job failed: ${errorMessage(error)})`,
    );
  const ref: { taskId: string; runId: string; day?: string } =
    job.name === 'task-execute'
      ? TaskExecuteInput.parse(job.data)
      : runOfTaskRun(TaskRunInput.parse(job.data), job);
  // A run is filed under the day it started: today's, or yesterday's just after midnight.
  const days = ref.day ? [ref.day] : [dayOf(ctx.now()), dayOf(new Date(ctx.now().getTime() - DAY_MS))];
  for (const day of days) {
    const run = await ctx.tasks.run(day, ref.taskId, ref.runId);
    if (run === undefined) continue;
    if (!isFinished(run.status))
      await finishTaskRun(ctx, run, {
        status: 'failed',
        reason: `the worker gave up: ${errorMessage(error)}`,
      });
    return;
  }
}

function runOfTaskRun(data: TaskRunInput, job: Job) {
  return {
    taskId: data.taskId,
    runId: data.requestId ? `m${data.requestId}` : scheduledRunId(job.id, job.timestamp),
  };
}
