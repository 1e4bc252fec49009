import type { PipelineContext } from '../context.js';
import { QUEUE_NAMES, RETENTION } from '../job-catalog.js';
import { TASK_SYNC_OPTIONS } from './task-inputs.js';

/** Asks the outbox to bring one day's task digest and approvals up to date (coalesced per day). */
export async function requestTaskSync(ctx: PipelineContext, day: string): Promise<void> {
  await ctx.queues.queue(QUEUE_NAMES.outbox).add(
    'task-sync',
    { day },
    {
      ...TASK_SYNC_OPTIONS,
      ...RETENTION,
      // One lane per day: at most one sync running and one waiting, with the newest request.
      deduplication: { id: `task-sync-${day}`, keepLastIfActive: true },
    },
  );
}
