import type { PipelineContext } from '../context.js';
import { QUEUE_NAMES, RETENTION } from '../job-catalog.js';
import { CHANGE_SYNC_OPTIONS } from './rollout-inputs.js';

/** Asks the outbox to bring a change's card and thread up to date (coalesced per change). */
export async function requestChangeSync(ctx: PipelineContext, changeId: string): Promise<void> {
  await ctx.queues.queue(QUEUE_NAMES.outbox).add(
    'change-sync',
    { changeId },
    {
      ...CHANGE_SYNC_OPTIONS,
      ...RETENTION,
      // One lane per change: at most one sync running and one waiting, with the newest request.
      deduplication: { id: `change-sync-${changeId}`, keepLastIfActive: true },
    },
  );
}
