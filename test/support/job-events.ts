import type { Worker } from 'bullmq';
import { type JobName, QUEUE_NAMES, type QueueName } from '../../src/pipeline/job-catalog.js';
import type { Runtime } from '../../src/runtime.js';
import { waitFor } from './test-runtime.js';

export interface Completions {
  /** Jobs of this name the worker has completed since counting began. */
  readonly count: number;
  /** Waits until `more` further jobs of this name complete, counted from the call. */
  next(more?: number): Promise<number>;
}

/**
 * Counts the jobs of one name a worker completes (BullMQ's own `completed` event), so a test that
 * says "nothing happens" can first prove the thing that would make it happen really ran.
 */
export function completions(worker: Worker, name: JobName): Completions {
  let count = 0;
  worker.on('completed', (job) => {
    if (job.name === name) count += 1;
  });
  return {
    get count() {
      return count;
    },
    next(more = 1) {
      const target = count + more;
      return waitFor(() => (count >= target ? count : undefined), {
        what: `${more} more ${name} job(s) to complete (${count} so far)`,
      });
    },
  };
}

/** Timers that sit far in the future by design: they do not keep a runtime from being settled. */
const LONG_TIMERS: readonly string[] = ['hitl-reminder', 'hitl-timeout', 'monitor-sweep', 'retention-sweep'];

const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUE_NAMES);

async function busyJobs(runtime: Runtime, queues: readonly QueueName[]): Promise<string[]> {
  const busy: string[] = [];
  for (const name of queues) {
    const queue = runtime.ctx.queues.queue(name);
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
    for (const job of jobs) if (job && !LONG_TIMERS.includes(job.name)) busy.push(`${name}/${job.name}`);
  }
  return busy;
}

/**
 * Waits until every queue of the runtime is done with what it was given: nothing waiting, running,
 * retrying or waiting for children (approval timers aside), twice in a row so a job a finishing
 * one adds is seen. After this, a message or incident that has not appeared will not appear. A
 * runtime without an outbox worker names the queues it runs.
 */
export async function settled(
  runtime: Runtime,
  { queues = ALL_QUEUES, timeoutMs = 20_000 }: { queues?: readonly QueueName[]; timeoutMs?: number } = {},
): Promise<void> {
  let quietBefore = false;
  await waitFor(
    async () => {
      const busy = await busyJobs(runtime, queues);
      const twice = busy.length === 0 && quietBefore;
      quietBefore = busy.length === 0;
      // Thrown, so a time-out says what was still busy.
      if (busy.length > 0) throw new Error(`still busy: ${busy.join(', ')}`);
      return twice ? true : undefined;
    },
    { timeoutMs, intervalMs: 50, what: 'the queues to settle' },
  );
}
