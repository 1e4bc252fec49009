import { z } from 'zod';

/**
 * One run of a routine task (a runbook with a `schedule`). `awaiting-approval`: an `approve` task's
 * run waits for a person; `expired`: a newer run of the same task replaced its approval; `skipped`:
 * it never ran (the kill switch, a pause). Failures open an incident on the task's service.
 */
export const TASK_RUN_STATUSES = [
  'running',
  'awaiting-approval',
  'ok',
  'failed',
  'rejected',
  'expired',
  'skipped',
] as const;
export const TaskRunStatus = z.enum(TASK_RUN_STATUSES);
export type TaskRunStatus = z.infer<typeof TaskRunStatus>;

export const TaskId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);
export const TaskDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** `s<millis>` for a scheduled run (the scheduler's own time), `m<ref>` for `/task run`. */
export const TaskRunId = z.string().regex(/^[sm][A-Za-z0-9_-]{1,40}$/);

export const TaskRunStep = z.object({
  id: z.string(),
  title: z.string(),
  outcome: z.enum(['ok', 'failed', 'unknown', 'not-run']),
  reason: z.string().optional(),
});

export const TaskRun = z.object({
  taskId: TaskId,
  runId: TaskRunId,
  /** UTC day it started (`2026-12-06`): the digest it belongs to. */
  day: TaskDay,
  title: z.string(),
  service: z.string(),
  mode: z.enum(['auto', 'approve']),
  trigger: z.enum(['schedule', 'manual']),
  /** Who asked (`/task run`), and where to answer them privately. */
  by: z.string().optional(),
  channel: z.string().optional(),
  status: TaskRunStatus,
  reason: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  steps: z.array(TaskRunStep).default([]),
  /** The incident its failure opened (or the open one it joined). */
  incidentId: z.string().optional(),
});
export type TaskRun = z.infer<typeof TaskRun>;

/** `<task>.<run>`: the key of a run in Redis, Slack message keys and buttons. */
export function taskRunKey(run: Pick<TaskRun, 'taskId' | 'runId'>): string {
  return `${run.taskId}.${run.runId}`;
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function isFinished(status: TaskRunStatus): boolean {
  return status !== 'running' && status !== 'awaiting-approval';
}

/** What a task approval's button carries: `2026-12-06/backup/s1765000000000`. */
export const TaskRunRef = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const [day, id, runId, ...rest] = value.split('/');
    if (rest.length > 0 || !day || !id || !runId) {
      ctx.addIssue({ code: 'custom', message: 'not a task run reference' });
      return z.NEVER;
    }
    return { day, taskId: id, runId };
  })
  .pipe(z.object({ day: TaskDay, taskId: TaskId, runId: TaskRunId }));
export type TaskRunRef = z.output<typeof TaskRunRef>;

export function encodeTaskRunRef(run: Pick<TaskRun, 'day' | 'taskId' | 'runId'>): string {
  return `${run.day}/${run.taskId}/${run.runId}`;
}

/** A task as `/task list` and App Home show it: its schedule, whether it runs, its last and next run. */
export interface TaskOverview {
  id: string;
  title: string;
  service: string;
  cron: string;
  timezone?: string;
  mode: 'auto' | 'approve';
  state: { kind: 'active'; nextAt?: string } | { kind: 'paused'; by: string } | { kind: 'kill-switch' };
  last?: { status: TaskRunStatus; at: string };
  incidentId?: string;
}
