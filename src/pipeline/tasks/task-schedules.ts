import type { Runbook, TaskSchedule } from '../../runbooks/index.js';
import type { PipelineContext } from '../context.js';
import { QUEUE_NAMES } from '../job-catalog.js';
import { TASK_JOB_OPTIONS } from './task-inputs.js';

/** A runbook with a schedule: a routine task. */
export type Task = Runbook & { schedule: TaskSchedule };

const SCHEDULER_PREFIX = 'task-';
const schedulerId = (taskId: string) => `${SCHEDULER_PREFIX}${taskId}`;

export function routineTasks(runbooks: readonly Runbook[]): Task[] {
  return runbooks.filter((runbook): runbook is Task => runbook.schedule !== undefined);
}

export function findTask(ctx: Pick<PipelineContext, 'runbooks'>, taskId: string): Task | undefined {
  return routineTasks(ctx.runbooks).find((task) => task.id === taskId);
}

/** When each task's scheduler fires next (ms), for `/task list`; absent: not scheduled. */
export async function nextRuns(ctx: PipelineContext): Promise<Map<string, number>> {
  const schedulers = await ctx.queues.queue(QUEUE_NAMES.incident).getJobSchedulers(0, -1);
  return new Map(
    schedulers.flatMap((scheduler) =>
      scheduler.key.startsWith(SCHEDULER_PREFIX) && scheduler.next !== undefined
        ? [[scheduler.key.slice(SCHEDULER_PREFIX.length), scheduler.next] as const]
        : [],
    ),
  );
}

/**
 * Makes BullMQ's job schedulers match the tasks: one per task unless it was paused by hand or the
 * kill switch is on, none for a task that is gone. Idempotent across processes; called at start,
 * on `/task pause|resume` and when the kill switch flips (so turning it off restores exactly the
 * tasks nobody paused by hand).
 */
export async function syncTaskSchedules(ctx: PipelineContext): Promise<{ scheduled: string[] }> {
  const queue = ctx.queues.queue(QUEUE_NAMES.incident);
  const [killSwitch, paused] = await Promise.all([ctx.killSwitch.state(), ctx.tasks.paused()]);
  const wanted = killSwitch.on ? [] : routineTasks(ctx.runbooks).filter((task) => !paused.has(task.id));
  for (const task of wanted) {
    await queue.upsertJobScheduler(
      schedulerId(task.id),
      { pattern: task.schedule.cron, ...(task.schedule.timezone ? { tz: task.schedule.timezone } : {}) },
      {
        name: 'task-run',
        data: { taskId: task.id },
        opts: { ...TASK_JOB_OPTIONS, removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
      },
    );
  }
  const keep = new Set(wanted.map((task) => schedulerId(task.id)));
  const existing = await queue.getJobSchedulers(0, -1);
  for (const scheduler of existing) {
    if (scheduler.key.startsWith(SCHEDULER_PREFIX) && !keep.has(scheduler.key))
      await queue.removeJobScheduler(scheduler.key);
  }
  return { scheduled: wanted.map((task) => task.id) };
}

/** `s<millis>` from a scheduler's job id (`repeat:task-backup:1765000000000`), else from the job's time. */
export function scheduledRunId(jobId: string | undefined, timestamp: number): string {
  const millis = jobId?.split(':').at(-1);
  return `s${millis && /^\d+$/.test(millis) ? millis : String(timestamp)}`;
}
