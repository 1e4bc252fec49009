import { TaskId } from '../../domain/task-run.js';
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
 * Brings BullMQ's job schedulers in line with this process's tasks: one per task unless it was
 * paused by hand; none at all while the kill switch is on. Called at start, on `/task pause|resume`
 * and when the kill switch flips: `on` keeps what it removes, `off` restores it (every process's
 * tasks, not only this one's) except what was paused by hand.
 *
 * It never removes the scheduler of a task this process does not define: processes may run with
 * different runbook sets, and each start must not turn off the others' tasks. A task whose runbook
 * is gone everywhere is retired by hand (`retireTask`, `/task retire`).
 */
export async function syncTaskSchedules(ctx: PipelineContext): Promise<{ scheduled: string[] }> {
  const queue = ctx.queues.queue(QUEUE_NAMES.incident);
  const [killSwitch, paused] = await Promise.all([ctx.killSwitch.state(), ctx.tasks.paused()]);
  const existing = (await queue.getJobSchedulers(0, -1)).filter((scheduler) =>
    scheduler.key.startsWith(SCHEDULER_PREFIX),
  );
  if (killSwitch.on) {
    // Kept first, so `off` (in whichever process) brings back the tasks of every process.
    await ctx.tasks.suspend(
      new Map(
        existing.flatMap((scheduler) =>
          scheduler.pattern
            ? [
                [
                  scheduler.key.slice(SCHEDULER_PREFIX.length),
                  { pattern: scheduler.pattern, ...(scheduler.tz ? { tz: scheduler.tz } : {}) },
                ] as const,
              ]
            : [],
        ),
      ),
    );
    for (const scheduler of existing) await queue.removeJobScheduler(scheduler.key);
    return { scheduled: [] };
  }
  const own = new Map(
    routineTasks(ctx.runbooks).map((task) => [
      task.id,
      { pattern: task.schedule.cron, ...(task.schedule.timezone ? { tz: task.schedule.timezone } : {}) },
    ]),
  );
  const suspended = await ctx.tasks.suspended();
  // This process's definition wins over what the kill switch kept (it may be newer).
  const wanted = new Map([...suspended, ...own].filter(([id]) => !paused.has(id)));
  for (const [id, repeat] of wanted) {
    await queue.upsertJobScheduler(schedulerId(id), repeat, {
      name: 'task-run',
      data: { taskId: id },
      opts: { ...TASK_JOB_OPTIONS, removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
    });
  }
  await ctx.tasks.unsuspend([...suspended.keys()]);
  // A pause is global: it removes whichever process's scheduler it is.
  for (const scheduler of existing) {
    if (paused.has(scheduler.key.slice(SCHEDULER_PREFIX.length)))
      await queue.removeJobScheduler(scheduler.key);
  }
  return { scheduled: [...wanted.keys()] };
}

/**
 * Removes the scheduler of a task no runbook of this process defines (its runbook was deleted):
 * refused for a task this process still defines (pause it, or remove its runbook first). Answers
 * the sentence for the person who asked.
 */
export async function retireTask(ctx: PipelineContext, taskId: string): Promise<string> {
  if (!TaskId.safeParse(taskId).success)
    return `\`${taskId.slice(0, 80)}\` is no task id (lowercase letters, digits and dashes). Nothing was changed.`;
  if (findTask(ctx, taskId) !== undefined)
    return `Task \`${taskId}\` is still defined by the runbooks here: remove it from \`WARROOM_RUNBOOKS\` (on every process) first, or \`/task pause ${taskId}\`. Nothing was changed.`;
  const queue = ctx.queues.queue(QUEUE_NAMES.incident);
  const kept = (await ctx.tasks.suspended()).has(taskId);
  const removed = (await queue.removeJobScheduler(schedulerId(taskId))) || kept;
  // Its pause mark goes with it (a runbook of that id added later starts on its schedule), and so
  // does what the kill switch kept of it.
  await ctx.tasks.resume(taskId);
  await ctx.tasks.unsuspend([taskId]);
  return removed
    ? `Task \`${taskId}\` retired: its schedule is removed. A process whose runbooks still define it schedules it again when it starts.`
    : `No schedule for task \`${taskId}\`: nothing to retire.`;
}

/** `s<millis>` from a scheduler's job id (`repeat:task-backup:1765000000000`), else from the job's time. */
export function scheduledRunId(jobId: string | undefined, timestamp: number): string {
  const millis = jobId?.split(':').at(-1);
  return `s${millis && /^\d+$/.test(millis) ? millis : String(timestamp)}`;
}
