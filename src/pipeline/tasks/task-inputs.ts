import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { TaskDay, TaskId, TaskRunId } from '../../domain/task-run.js';
import { DryRunRequestId, SlackChannelId, SlackUserId } from '../job-catalog.js';

/**
 * A routine task's run: from its job scheduler (`{ taskId }`) or `/task run` (with the request id,
 * who asked and where to answer). Payloads carry ids only.
 */
export const TaskRunInput = z.object({
  taskId: TaskId,
  requestId: DryRunRequestId.optional(),
  by: SlackUserId.optional(),
  channel: SlackChannelId.optional(),
});
export type TaskRunInput = z.output<typeof TaskRunInput>;

/** An approved run of an `approve` task. */
export const TaskExecuteInput = z.object({ taskId: TaskId, day: TaskDay, runId: TaskRunId });
export type TaskExecuteInput = z.output<typeof TaskExecuteInput>;

/** One day's digest and approval messages (the outbox's `task-sync`). */
export const TaskSyncInput = z.object({ day: TaskDay });

export const TASK_JOB_OPTIONS: JobsOptions = { attempts: 3, backoff: { type: 'exponential', delay: 500 } };
export const TASK_SYNC_OPTIONS: JobsOptions = { attempts: 20, backoff: { type: 'exponential', delay: 500 } };
