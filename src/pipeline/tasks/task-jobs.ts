import { defineJob } from '../job-definition.js';
import { TASK_JOB_OPTIONS, TaskExecuteInput, TaskRunInput } from './task-inputs.js';
import { handleTaskExecute, handleTaskExpire, handleTaskRun } from './task-runs.js';

/** A routine task's run, from its job scheduler or `/task run`: checked, then run or put to an approval. */
export const taskRunJob = defineJob({
  name: 'task-run',
  input: TaskRunInput,
  options: TASK_JOB_OPTIONS,
  run: (ctx, data, { job }) => handleTaskRun(ctx, data, job),
});

/** An approved run's steps through the runner, at most once each. */
export const taskExecuteJob = defineJob({
  name: 'task-execute',
  input: TaskExecuteInput,
  options: TASK_JOB_OPTIONS,
  run: (ctx, data) => handleTaskExecute(ctx, data),
});

/** An approval nobody answered within HITL_TIMEOUT_SECONDS: the run ends expired, nothing ran. */
export const taskExpireJob = defineJob({
  name: 'task-expire',
  input: TaskExecuteInput,
  options: TASK_JOB_OPTIONS,
  run: (ctx, data) => handleTaskExpire(ctx, data),
});
