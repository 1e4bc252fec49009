import { type IncidentRoom, roomName, roomNameCandidates, wantsRoom } from '../../domain/incident-room.js';
import type { Ticket } from '../../domain/ticket.js';
import { RetryableError } from '../../errors.js';
import type { MessageRecord } from '../../store/message-records.js';
import type { IncidentSnapshot } from './incident-snapshot.js';
import { MESSAGE_KEYS } from './message-keys.js';
import type { SyncRun } from './outbox-deps.js';
import { SlackCallError, type SlackCaller } from './slack-calls.js';

/** Where the incident's room stands for this sync. */
export type RoomDecision =
  /** Settled (a room, a fallback, or none wanted): post as the ticket says. */
  | { kind: 'settled'; ticket: Ticket }
  /** A room is wanted but intake has not said whether the incident is a copy: hold the thread. */
  | { kind: 'waiting'; ticket: Ticket };

const THREAD_STARTED = (key: string) =>
  key !== MESSAGE_KEYS.card && key !== MESSAGE_KEYS.roomCard && !key.startsWith('room:');

/**
 * Opens the incident's own channel once, before its thread starts: a serious incident whose thread
 * began in the main channel (INCIDENT_CHANNELS turned on since, a severity raised later) stays there.
 * A refusal (missing scope, a name Slack will not take) settles on the main channel's thread.
 */
export async function settleRoom(
  deps: SyncRun,
  snapshot: IncidentSnapshot,
  records: Map<string, MessageRecord>,
  pending: Set<string>,
): Promise<RoomDecision> {
  const { ticket } = snapshot;
  if (ticket.room || !wantsRoom(deps.rooms, ticket)) return { kind: 'settled', ticket };
  if ([...records.keys()].some(THREAD_STARTED)) return { kind: 'settled', ticket };
  const intake = snapshot.runs.find((run) => run.key === 'intake');
  // Intake tells a duplicate apart: no channel for a copy of an incident that has one.
  if (intake && intake.state !== 'done' && intake.state !== 'failed') return { kind: 'waiting', ticket };
  const room = await openRoom(deps, ticket, pending.has(MESSAGE_KEYS.roomChannel));
  const updated = await deps.ctx.tickets.update(ticket.id, (current) =>
    current.room ? undefined : { ...current, room },
  );
  await deps.records.clearPending(ticket.id, MESSAGE_KEYS.roomChannel);
  if (room.state === 'open') {
    await deps.ctx.timeline.append(ticket.id, 'room.opened', { channel: room.channel, name: room.name });
  } else {
    deps.logger.warn(
      { incident: ticket.id, reason: room.reason },
      'incident channel refused; staying in the thread',
    );
    await deps.ctx.timeline.append(ticket.id, 'room.fallback', { reason: room.reason });
  }
  return { kind: 'settled', ticket: updated };
}

async function openRoom(deps: SyncRun, ticket: Ticket, wasPending: boolean): Promise<IncidentRoom> {
  const at = deps.ctx.now().toISOString();
  const candidates = roomNameCandidates(roomName(ticket));
  const since = Math.floor(Date.parse(ticket.createdAt) / 1000) - 60;
  const opened = (channel: string, name: string): IncidentRoom => ({ state: 'open', channel, name, at });
  // An earlier attempt may have created it without us hearing back.
  const adopt = async (names: string[]) => {
    try {
      const found = await findOwnChannel(deps.slack, names, since);
      return found ? opened(found.id, found.name) : undefined;
    } catch (error) {
      // Channels that cannot be listed cannot be adopted: a new name is the safe way on.
      if (error instanceof SlackCallError && error.failure.kind === 'permanent') return undefined;
      throw error;
    }
  };
  if (wasPending) {
    const found = await adopt(candidates);
    if (found) return found;
  }
  for (const name of candidates) {
    await deps.records.markPending(ticket.id, MESSAGE_KEYS.roomChannel);
    try {
      const result = await deps.slack.call<{ channel?: { id?: string; name?: string } }>(
        'conversations.create',
        { name, is_private: deps.rooms?.private ?? false },
      );
      if (!result.channel?.id)
        throw new RetryableError('slack_api', 'conversations.create answered without a channel');
      return opened(result.channel.id, result.channel.name ?? name);
    } catch (error) {
      if (!(error instanceof SlackCallError)) throw error;
      const failure = error.failure;
      if (failure.kind === 'rate_limited') return deps.park(failure.retryAfterMs);
      if (failure.kind === 'ambiguous') {
        const found = await adopt([name]);
        if (found) return found;
        throw new RetryableError('slack_api', error.message);
      }
      if (failure.error !== 'name_taken') return { state: 'fallback', reason: failure.error, at };
      const ours = await adopt([name]);
      if (ours) return ours;
    }
  }
  return { state: 'fallback', reason: 'name_taken', at };
}

interface ChannelPage {
  channels?: Array<{ id?: string; name?: string; created?: number; creator?: string }>;
  response_metadata?: { next_cursor?: string };
}

const MAX_PAGES = 10;

/** A channel of one of these names this bot created since the incident opened. */
async function findOwnChannel(
  slack: SlackCaller,
  names: string[],
  sinceSeconds: number,
): Promise<{ id: string; name: string } | undefined> {
  const me = (await slack.call<{ user_id?: string }>('auth.test', {})).user_id;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await slack.call<ChannelPage>('conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    const match = (result.channels ?? []).find(
      (channel) =>
        channel.id !== undefined &&
        channel.name !== undefined &&
        names.includes(channel.name) &&
        channel.creator === me &&
        (channel.created ?? 0) >= sinceSeconds,
    );
    if (match?.id && match.name) return { id: match.id, name: match.name };
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
