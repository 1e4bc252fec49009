import { type Job, UnrecoverableError } from 'bullmq';
import { PermanentError, RetryableError } from '../../errors.js';
import { parseJobData } from '../../pipeline/job-catalog.js';
import { withLease } from '../../store/lease.js';
import { type OutboxDeps, syncIncident } from './sync.js';

/** The outbox queue's processor: one sync per job, one lane per incident (see queues.ts). */
export function createOutboxProcessor(deps: OutboxDeps) {
  return async (job: Job) => {
    const { incidentId } = parseJobData('outbox-sync', job.data);
    try {
      // The queue already runs one sync per incident at a time; the lease also covers a stalled
      // job re-run elsewhere while its first worker is still going.
      const outcome = await withLease(deps.redis, deps.keys.slackSyncLease(incidentId), 30_000, () =>
        syncIncident(deps, incidentId),
      );
      if (!outcome.ran)
        throw new RetryableError('conflict', `Another outbox worker is syncing ${incidentId}`);
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
}
