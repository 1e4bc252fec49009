import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { ChangeId } from '../../domain/rollout/rollout.js';
import { TASK_JOB_OPTIONS, TASK_SYNC_OPTIONS } from '../tasks/task-inputs.js';

/** A change's own jobs carry its id only (and which phase and resume pass a phase job is for). */
export const ChangeInput = z.object({ changeId: ChangeId });
export type ChangeInput = z.output<typeof ChangeInput>;

export const ChangePhaseInput = z.object({
  changeId: ChangeId,
  phase: z.number().int().min(0).max(100),
  pass: z.number().int().min(0).max(1000),
});
export type ChangePhaseInput = z.output<typeof ChangePhaseInput>;

/** Retried as a routine task's jobs are: each attempt carries on from the change's records. */
export const CHANGE_JOB_OPTIONS: JobsOptions = TASK_JOB_OPTIONS;
export const CHANGE_SYNC_OPTIONS: JobsOptions = TASK_SYNC_OPTIONS;
