import { type Job, UnrecoverableError } from 'bullmq';
import { PermanentError, RetryableError } from '../../errors.js';
import { parseJobData } from '../../pipeline/job-catalog.js';
import { jobControl } from '../../pipeline/park.js';
import { withLease } from '../../store/lease.js';
import { refreshHome } from './home-refresh.js';
import type { OutboxDeps, Park } from './outbox-deps.js';
import { replyDryRun } from './runbook-dry-run-reply.js';
import { syncIncident } from './sync.js';
import { syncTaskDay } from './task-sync.js';

/** Short, so a sync whose worker died holds its incident's lane only briefly; renewed while it runs. */
const SYNC_LEASE_MS = 10_000;

/** Everyone who opened App Home, so a change to incidents republishes their board. */
const MAX_HOME_VIEWERS = 500;

/**
 * The outbox queue's processor: `outbox-sync` brings one incident's messages up to date (one
 * lane per incident, see queues.ts); `home-refresh` republishes App Home.
 */
export function createOutboxProcessor(deps: OutboxDeps) {
  const syncOne = async (incidentId: string, park: Park) => {
    // From here on, a change must queue another sync: this one may already have read the state.
    await deps.syncFlags.clear(incidentId);
    try {
      // The queue already runs one sync per incident at a time; the lease also covers a stalled
      // job re-run elsewhere while its first worker is still going.
      const outcome = await withLease(deps.redis, deps.keys.slackSyncLease(incidentId), SYNC_LEASE_MS, () =>
        syncIncident({ ...deps, park }, incidentId),
      );
      if (!outcome.ran)
        throw new RetryableError('conflict', `Another outbox worker is syncing ${incidentId}`);
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
  };

  return async (job: Job, token?: string) => {
    if (job.name === 'runbook-dry-run-reply')
      return replyDryRun(deps, parseJobData('runbook-dry-run-reply', job.data));
    if (job.name === 'task-sync') {
      const { day } = parseJobData('task-sync', job.data);
      const park = jobControl(job, token).park;
      const outcome = await withLease(deps.redis, deps.keys.taskSyncLease(day), SYNC_LEASE_MS, () =>
        syncTaskDay({ ...deps, park }, day),
      ).catch((error: unknown) => {
        if (!(error instanceof PermanentError)) throw error;
        deps.logger.error({ err: error, day }, 'slack outbox gave up on a task message');
        throw new UnrecoverableError(error.message);
      });
      if (!outcome.ran)
        throw new RetryableError('conflict', `Another outbox worker is syncing tasks of ${day}`);
      return outcome.value;
    }
    if (job.name === 'home-refresh') {
      const { userId } = parseJobData('home-refresh', job.data);
      const viewers = userId ? [userId] : await deps.homeViewers.sample(MAX_HOME_VIEWERS);
      await refreshHome(deps.ctx, deps, viewers);
      return;
    }
    return syncOne(parseJobData('outbox-sync', job.data).incidentId, jobControl(job, token).park);
  };
}
