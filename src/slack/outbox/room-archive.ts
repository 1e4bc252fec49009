import { z } from 'zod';
import { IncidentId } from '../../domain/incident-id.js';
import { openRoomOf } from '../../domain/incident-room.js';
import { isClosed } from '../../domain/status.js';
import { RetryableError } from '../../errors.js';
import { QUEUE_NAMES } from '../../pipeline/job-catalog.js';
import { defineJob } from '../../pipeline/job-definition.js';
import { MESSAGE_KEYS } from './message-keys.js';
import type { OutboxDeps, Park } from './outbox-deps.js';
import { refuse } from './room-upkeep.js';
import { SlackCallError } from './slack-calls.js';

/**
 * Archives the incident's channel, INCIDENT_CHANNEL_ARCHIVE_HOURS after the close that queued it.
 * Nothing happens if the incident was reopened since, or closed again (a later job carries that close).
 */
async function archiveRoom(deps: OutboxDeps, incidentId: string, at: number, park: Park): Promise<void> {
  const ticket = await deps.ctx.tickets.get(incidentId);
  const room = ticket ? openRoomOf(ticket) : undefined;
  if (!ticket || !room || room.archivedAt || !isClosed(ticket.status)) return;
  const scheduled = (await deps.records.all(incidentId)).records.get(MESSAGE_KEYS.roomArchive);
  if (scheduled?.ts !== String(at) || scheduled.digest !== 'scheduled') return;
  try {
    await deps.slack.call('conversations.archive', { channel: room.channel });
  } catch (error) {
    if (!(error instanceof SlackCallError)) throw error;
    const failure = error.failure;
    if (failure.kind === 'rate_limited') return park(failure.retryAfterMs);
    if (failure.kind === 'ambiguous') throw new RetryableError('slack_api', error.message);
    if (failure.error !== 'already_archived') return refuse(deps, { incidentId }, 'archive', failure.error);
  }
  const archivedAt = deps.ctx.now().toISOString();
  await deps.ctx.tickets.update(incidentId, (current) =>
    current.room?.state === 'open' && !current.room.archivedAt
      ? { ...current, room: { ...current.room, archivedAt } }
      : undefined,
  );
  await deps.ctx.timeline.append(incidentId, 'room.archived', { channel: room.channel });
  await deps.ctx.queues.requestSlackSync(incidentId);
}

/** Queued by the outbox at a close, delayed by INCIDENT_CHANNEL_ARCHIVE_HOURS. */
export const roomArchiveJob = defineJob({
  name: 'room-archive',
  queue: QUEUE_NAMES.outbox,
  input: z.object({ incidentId: IncidentId, at: z.number().int().nonnegative() }),
  options: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
  run: (deps: OutboxDeps, { incidentId, at }, { control }) => archiveRoom(deps, incidentId, at, control.park),
});
