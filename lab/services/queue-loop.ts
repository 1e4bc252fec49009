import { doWork, type WorkContext } from './work-handler.js';

const JOB_INTERVAL_MS = 500;

/** The queue worker's background jobs: each one is a real call to its upstreams, one at a time. */
export function startQueueLoop(context: WorkContext): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const runJob = async () => {
    const end = context.metrics.jobDuration.startTimer();
    const code = await doWork(context, 'JOB settle').catch(() => 500);
    end();
    context.metrics.jobs.inc({ outcome: code === 200 ? 'succeeded' : 'failed' });
    if (!stopped) timer = setTimeout(runJob, JOB_INTERVAL_MS);
  };
  timer = setTimeout(runJob, JOB_INTERVAL_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
