import { DelayedError, type Job } from 'bullmq';

/** Something a job must wait for outside itself (a kill switch, a person ticking a box). */
export interface JobControl {
  /** Puts the job back to sleep for `ms` and ends this run; it runs again from the top. */
  park(ms: number): Promise<never>;
}

export function jobControl(job: Job, token: string | undefined): JobControl {
  return {
    async park(ms) {
      await job.moveToDelayed(Date.now() + ms, token);
      throw new DelayedError();
    },
  };
}
