import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { PermanentError, RetryableError } from '../../errors.js';
import { createDispatch } from '../../pipeline/dispatch.js';
import { IncidentInput, QUEUE_NAMES, SlackUserId } from '../../pipeline/job-catalog.js';
import { type AnyJob, defineJob } from '../../pipeline/job-definition.js';
import { withLease } from '../../store/lease.js';
import { refreshHome } from './home-refresh.js';
import type { OutboxDeps, Park } from './outbox-deps.js';
import { syncIncident } from './sync.js';

/** Short, so a sync whose worker died holds its incident's lane only briefly; renewed while it runs. */
const SYNC_LEASE_MS = 10_000;

/** Everyone who opened App Home, so a change to incidents republishes their board. */
const MAX_HOME_VIEWERS = 500;

async function syncOne(deps: OutboxDeps, incidentId: string, park: Park) {
  // From here on, a change must queue another sync: this one may already have read the state.
  await deps.syncFlags.clear(incidentId);
  try {
    // The queue already runs one sync per incident at a time; the lease also covers a stalled
    // job re-run elsewhere while its first worker is still going.
    const outcome = await withLease(deps.redis, deps.keys.slackSyncLease(incidentId), SYNC_LEASE_MS, () =>
      syncIncident({ ...deps, park }, incidentId),
    );
    if (!outcome.ran) throw new RetryableError('conflict', `Another outbox worker is syncing ${incidentId}`);
    await deps.ctx.queues.requestHomeRefresh();
    return outcome.value;
  } catch (error) {
    if (error instanceof PermanentError) {
      deps.logger.error({ err: error, incident: incidentId }, 'slack outbox gave up on a message');
      await deps.ctx.timeline.append(incidentId, 'slack.failed', { error: error.message });
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
}

/** Brings one incident's messages up to date: one lane per incident (see queues.ts). */
export const outboxSyncJob = defineJob({
  name: 'outbox-sync',
  queue: QUEUE_NAMES.outbox,
  input: IncidentInput,
  options: { attempts: 20, backoff: { type: 'exponential', delay: 500 } },
  run: (deps: OutboxDeps, { incidentId }, { control }) => syncOne(deps, incidentId, control.park),
});

/** Republishes App Home: for one user, or for everyone who opened it. */
export const homeRefreshJob = defineJob({
  name: 'home-refresh',
  queue: QUEUE_NAMES.outbox,
  input: z.object({ userId: SlackUserId.optional() }),
  options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
  run: async (deps: OutboxDeps, { userId }) => {
    const viewers = userId ? [userId] : await deps.homeViewers.sample(MAX_HOME_VIEWERS);
    await refreshHome(deps.ctx, deps, viewers);
  },
});

/** The outbox queue's processor, from the declarations of the jobs it runs (src/jobs.ts). */
export function createOutboxProcessor(deps: OutboxDeps, jobs: readonly AnyJob<OutboxDeps>[]) {
  const dispatch = createDispatch(jobs);
  return (job: Job, token?: string) => dispatch(deps, job, token);
}
