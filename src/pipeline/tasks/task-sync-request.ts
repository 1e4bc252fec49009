import type { PipelineContext } from '../context.js';
import { JOB_CATALOG, RETENTION } from '../job-catalog.js';

/** Asks the outbox to bring one day's task digest and approvals up to date (coalesced per day). */
export async function requestTaskSync(ctx: PipelineContext, day: string): Promise<void> {
  const entry = JOB_CATALOG['task-sync'];
  await ctx.queues.queue(entry.queue).add(
    'task-sync',
    { day },
    {
      ...entry.options,
      ...RETENTION,
      // One lane per day: at most one sync running and one waiting, with the newest request.
      deduplication: { id: `task-sync-${day}`, keepLastIfActive: true },
    },
  );
}
