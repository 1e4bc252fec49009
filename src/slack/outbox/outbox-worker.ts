import { type Job, UnrecoverableError } from 'bullmq';
import { PermanentError } from '../../errors.js';
import { parseJobData } from '../../pipeline/job-catalog.js';
import { type OutboxDeps, syncIncident } from './sync.js';

/** The outbox queue's processor: one sync per job, one lane per incident (see queues.ts). */
export function createOutboxProcessor(deps: OutboxDeps) {
  return async (job: Job) => {
    const { incidentId } = parseJobData('outbox-sync', job.data);
    try {
      return await syncIncident(deps, incidentId);
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
