import { createHash } from 'node:crypto';
import { type OpenRoom, roomMembers, roomTopic } from '../../domain/incident-room.js';
import { isClosed } from '../../domain/status.js';
import { RetryableError } from '../../errors.js';
import type { MessageRecord } from '../../store/message-records.js';
import { canvasMarkdown } from '../blocks/canvas-markdown.js';
import { postmortemMarkdown } from '../blocks/postmortem-text.js';
import type { IncidentSnapshot } from './incident-snapshot.js';
import { MESSAGE_KEYS, roomInviteKey } from './message-keys.js';
import type { SyncRun } from './outbox-deps.js';
import { SlackCallError } from './slack-calls.js';

interface RoomWork {
  incidentId: string;
  room: OpenRoom;
  records: Map<string, MessageRecord>;
  revision: number;
}

/** Records what was done to the channel (not a message: `ts` holds what Slack handed back, if anything). */
async function remember(deps: SyncRun, work: RoomWork, key: string, ts: string, digest: string) {
  const record = { ts, channel: work.room.channel, digest, revision: work.revision, updatedAtMs: Date.now() };
  await deps.records.put(work.incidentId, key, record);
  work.records.set(key, record);
}

/**
 * One call whose effect is the same however often it lands (invite, topic, canvas, archive): a
 * 429 parks the sync, an unknown outcome retries the job, and a refusal is answered by `refused`
 * (`accepted` lists the refusals that mean "already done").
 */
async function idempotentCall<T extends object>(
  deps: SyncRun,
  method: string,
  args: Record<string, unknown>,
  accepted: readonly string[] = [],
): Promise<{ ok: true; result?: T } | { ok: false; error: string }> {
  try {
    return { ok: true, result: await deps.slack.call<T>(method, args) };
  } catch (error) {
    if (!(error instanceof SlackCallError)) throw error;
    const failure = error.failure;
    if (failure.kind === 'rate_limited') return deps.park(failure.retryAfterMs);
    if (failure.kind === 'ambiguous') throw new RetryableError('slack_api', error.message);
    return accepted.includes(failure.error) ? { ok: true } : { ok: false, error: failure.error };
  }
}

const digestOf = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * Keeps the incident's channel in step: the right people invited, the topic current, and at the
 * close the postmortem as the channel's canvas and the archive job queued. Nothing here fails
 * the incident: a refusal is logged, or said once in the thread.
 */
export async function keepRoom(
  deps: SyncRun,
  snapshot: IncidentSnapshot,
  records: Map<string, MessageRecord>,
  revision: number,
): Promise<void> {
  const { ticket } = snapshot;
  const room = ticket.room?.state === 'open' ? ticket.room : undefined;
  if (!room || room.archivedAt) return;
  const work: RoomWork = { incidentId: ticket.id, room, records, revision };
  await invite(deps, work, snapshot);
  const topic = roomTopic(ticket);
  if (records.get(MESSAGE_KEYS.roomTopic)?.digest !== digestOf(topic)) {
    const outcome = await idempotentCall(deps, 'conversations.setTopic', { channel: room.channel, topic });
    if (!outcome.ok)
      deps.logger.warn({ incident: ticket.id, error: outcome.error }, 'slack refused the topic');
    await remember(deps, work, MESSAGE_KEYS.roomTopic, '', digestOf(topic));
  }
  if (!isClosed(ticket.status)) return void (await cancelArchive(deps, work));
  if (snapshot.postmortem)
    await postCanvas(deps, work, canvasMarkdown(postmortemMarkdown(snapshot.postmortem)));
  await scheduleArchive(deps, work);
}

async function invite(deps: SyncRun, work: RoomWork, snapshot: IncidentSnapshot): Promise<void> {
  const { ticket } = snapshot;
  const members = roomMembers({
    owner: deps.ctx.catalog?.owner(ticket.system)?.slack,
    approvers: snapshot.approvers,
    openedBy: ticket.openedBy,
    roles: ticket.roles,
  });
  const missing = members.filter((user) => !work.records.has(roomInviteKey(user)));
  if (missing.length === 0) return;
  // `force`: the others are invited even when one of them cannot be.
  const outcome = await idempotentCall(
    deps,
    'conversations.invite',
    { channel: work.room.channel, users: missing.join(','), force: true },
    ['already_in_channel', 'cant_invite_self'],
  );
  if (!outcome.ok) deps.logger.warn({ incident: ticket.id, error: outcome.error }, 'slack refused an invite');
  for (const user of missing)
    await remember(deps, work, roomInviteKey(user), '', outcome.ok ? 'invited' : outcome.error);
}

async function postCanvas(deps: SyncRun, work: RoomWork, markdown: string): Promise<void> {
  if (work.records.has(MESSAGE_KEYS.roomCanvas) || work.room.refused?.canvas) return;
  // A channel has one canvas: a retry after an unknown outcome finds it already there.
  const outcome = await idempotentCall<{ canvas_id?: string }>(
    deps,
    'conversations.canvases.create',
    { channel_id: work.room.channel, document_content: { type: 'markdown', markdown } },
    ['channel_canvas_already_exists'],
  );
  if (outcome.ok)
    return remember(deps, work, MESSAGE_KEYS.roomCanvas, outcome.result?.canvas_id ?? '', 'canvas');
  await refuse(deps, work, 'canvas', outcome.error);
}

/** Notes a refusal on the room (the thread says it once) and asks for a sync to show it. */
export async function refuse(
  deps: Pick<SyncRun, 'ctx' | 'logger'>,
  work: Pick<RoomWork, 'incidentId'>,
  what: 'canvas' | 'archive',
  error: string,
): Promise<void> {
  deps.logger.warn({ incident: work.incidentId, what, error }, 'slack refused the incident channel');
  await deps.ctx.tickets.update(work.incidentId, (current) =>
    current.room?.state === 'open' && !current.room.refused?.[what]
      ? { ...current, room: { ...current.room, refused: { ...current.room.refused, [what]: error } } }
      : undefined,
  );
  await deps.ctx.queues.requestSlackSync(work.incidentId);
}

const CANCELLED = 'cancelled';

/** At the close: the archive job, once per close (a reopen cancels it; the next close queues another). */
async function scheduleArchive(deps: SyncRun, work: RoomWork): Promise<void> {
  const scheduled = work.records.get(MESSAGE_KEYS.roomArchive);
  if (scheduled && scheduled.digest !== CANCELLED) return;
  const delayMs = deps.rooms?.archiveAfterMs ?? 0;
  const at = Date.now() + delayMs;
  await deps.ctx.queues.add('room-archive', { incidentId: work.incidentId, at }, { delayMs });
  await remember(deps, work, MESSAGE_KEYS.roomArchive, String(at), 'scheduled');
}

async function cancelArchive(deps: SyncRun, work: RoomWork): Promise<void> {
  const scheduled = work.records.get(MESSAGE_KEYS.roomArchive);
  if (scheduled && scheduled.digest !== CANCELLED)
    await remember(deps, work, MESSAGE_KEYS.roomArchive, scheduled.ts, CANCELLED);
}

/** When the archive job queued at the last close will run (ISO), while it is still to come. */
export function archiveAtOf(records: Map<string, MessageRecord>): string | undefined {
  const scheduled = records.get(MESSAGE_KEYS.roomArchive);
  if (!scheduled || scheduled.digest === CANCELLED) return undefined;
  return new Date(Number(scheduled.ts)).toISOString();
}
