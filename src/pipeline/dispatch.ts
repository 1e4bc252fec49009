import { type Job, UnrecoverableError } from 'bullmq';
import type { AnyJob, JobRun } from './job-definition.js';
import { jobControl } from './park.js';
import type { StageAttempt } from './stage-runner.js';

export function attemptOf(job: Job): StageAttempt {
  const allowed = job.opts.attempts ?? 1;
  const attempt = job.attemptsMade + 1;
  return { attempt, isFinalAttempt: attempt >= allowed, firstStart: job.attemptsStarted <= 1 };
}

export type Dispatch<Deps> = (deps: Deps, job: Job, token?: string) => Promise<unknown>;

/**
 * A queue's processor core, generated from the declarations of the jobs it runs: a job no
 * declaration names, or whose data its input schema refuses, fails for good (no retry can fix it).
 */
export function createDispatch<Deps>(jobs: readonly AnyJob<Deps>[]): Dispatch<Deps> {
  const byName = byNameOf(jobs);
  return async (deps, job, token) => {
    const declared = byName.get(job.name);
    if (!declared) throw new UnrecoverableError(`No handler for job ${job.name}`);
    const input = declared.input.safeParse(job.data);
    if (!input.success) throw new UnrecoverableError(input.error.message);
    const run: JobRun = {
      attempt: attemptOf(job),
      control: jobControl(job, token),
      job: { id: job.id, timestamp: job.timestamp },
    };
    return declared.run(deps, input.data, run);
  };
}

function byNameOf<Job extends AnyJob>(jobs: readonly Job[]): ReadonlyMap<string, Job> {
  const byName = new Map<string, Job>();
  for (const declared of jobs) {
    if (byName.has(declared.name)) throw new Error(`Two jobs are declared as ${declared.name}`);
    byName.set(declared.name, declared);
  }
  return byName;
}

/** The stage run a job records, from its declaration; undefined for jobs that record none, or bad data. */
export type StageKeyOf = (name: string, data: unknown) => string | undefined;

export function stageKeyOf(jobs: readonly AnyJob[]): StageKeyOf {
  const byName = byNameOf(jobs);
  return (name, data) => {
    const declared = byName.get(name);
    const input = declared?.stage ? declared.input.safeParse(data) : undefined;
    return input?.success ? declared?.stage?.(input.data).key : undefined;
  };
}
