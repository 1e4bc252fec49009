import type { StageRun } from '../../domain/stage-run.js';
import { RetryableError } from '../../errors.js';
import { incidentLogger } from '../../log.js';
import type { MessageRecord } from '../../store/message-records.js';
import { POST_PRIORITY } from '../../store/post-slots.js';
import { postRcaChartOnce } from './chart-post.js';
import type { DesiredMessage } from './desired-message.js';
import { decisionPending, desiredMessages } from './desired-messages.js';
import { messageMetadata } from './find-posted.js';
import { type IncidentSnapshot, loadIncidentSnapshot } from './incident-snapshot.js';
import { liveThread } from './live-thread.js';
import { MESSAGE_KEYS, mayPostBeforeDecision, postPriority } from './message-keys.js';
import type { SyncRun } from './outbox-deps.js';
import { type Place, placeOf } from './placement.js';
import { STREAMING_DIGEST } from './plan-stream.js';
import { digestOf, postOnce } from './post-once.js';
import { untilSlot } from './post-slot-wait.js';
import { settleRoom } from './room-open.js';
import { archiveAtOf, keepRoom } from './room-upkeep.js';
import { SlackCallError } from './slack-calls.js';

export interface SyncReport {
  posted: string[];
  updated: string[];
  reconciled: string[];
}

/** The render clock: the last change, not the wall clock, so an unchanged incident renders identically. */
function lastChangeOf(updatedAt: string, runs: StageRun[]): Date {
  const stamps = [updatedAt, ...runs.flatMap((run) => [run.startedAt, run.finishedAt])].filter(
    (stamp): stamp is string => typeof stamp === 'string',
  );
  return new Date(Math.max(...stamps.map((stamp) => Date.parse(stamp))));
}

/**
 * Brings one incident's Slack messages up to date with its state: posts what is missing (card
 * first, then the thread in order), updates what changed (coalesced, at most once a second per
 * message), and never posts a message twice, even when Slack's answer to a post was lost.
 */
export async function syncIncident(deps: SyncRun, incidentId: string): Promise<SyncReport> {
  const report: SyncReport = { posted: [], updated: [], reconciled: [] };
  const log = incidentLogger(deps.logger, incidentId);
  const revision = await deps.syncFlags.revision(incidentId);
  const loaded = await loadIncidentSnapshot(deps.ctx, incidentId);
  if (!loaded?.ticket.channel) return report;
  const { records, pending, streams, statusLine } = await deps.records.all(incidentId);
  const room = await settleRoom(deps, loaded, records, pending);
  await keepRoom(deps, { ...loaded, ticket: room.ticket }, records, revision);
  const archiveAt = archiveAtOf(records);
  const snapshot = { ...loaded, ticket: room.ticket, ...(archiveAt ? { roomArchiveAt: archiveAt } : {}) };
  const { ticket } = snapshot;
  const where = (placement: DesiredMessage['placement']) =>
    placeOf(placement, ticket, records, room.kind === 'waiting');
  const desired = desiredMessages(snapshot, lastChangeOf(ticket.updatedAt, snapshot.runs), {
    prometheusUrl: deps.prometheusUrl,
  });
  const chart = { incidentId, where, revision, records, pending, snapshot, report };
  // Until the approval message can go first, the thread waits (the card shows the progress).
  const holding = decisionPending(snapshot);
  const frozenChannel =
    ticket.room?.state === 'open' && ticket.room.archivedAt ? ticket.room.channel : undefined;
  const lane = { incidentId, desired, records, revision, ...(frozenChannel ? { frozenChannel } : {}) };
  let waitMs = 0;
  const live = liveThread(deps, {
    incidentId,
    snapshot,
    desired,
    records,
    pending,
    streams,
    statusLine,
    revision,
    where,
    digestOf,
  });
  const advanceStreams = async () => {
    waitMs = Math.max(waitMs, await live.advance());
  };
  let surfacesUpdated = false;
  const updateSurfaces = async () => {
    if (surfacesUpdated) return;
    surfacesUpdated = true;
    waitMs = Math.max(
      waitMs,
      await updateChanged(deps, lane, report, (key) => postPriority(key) !== POST_PRIORITY.deferrable),
    );
  };
  // Posts in thread order (the root cause's chart right under the RCA message). What can wait goes
  // out after the card and the approval messages are brought up to date, so the card says
  // "Awaiting Approval" while the RCA waits for its slot. A sync that must wait for a posting slot
  // parks; the other messages' updates coalesce while it waits.
  const afterRca = desired.findIndex((message) => message.key === MESSAGE_KEYS.rca) + 1;
  for (const [index, message] of desired.entries()) {
    if (afterRca > 0 && index === afterRca) await postChartAfterRca(deps, chart, updateSurfaces);
    if (message.placement === 'thread') await advanceStreams();
    const place = where(message.placement);
    if (records.has(message.key) || !place) continue;
    if (holding && message.placement === 'thread' && !mayPostBeforeDecision(message.key)) continue;
    if (postPriority(message.key) === POST_PRIORITY.deferrable) await updateSurfaces();
    const posted = await postOnce(deps, log, {
      incidentId,
      ...place,
      message,
      digest: digestOf(message.message),
      revision,
      wasPending: pending.has(message.key),
      oldestSeconds: Date.parse(ticket.createdAt) / 1000 - 60,
    });
    records.set(message.key, posted.record);
    (posted.reconciled ? report.reconciled : report.posted).push(message.key);
    if (postPriority(message.key) === POST_PRIORITY.decision) await live.status();
  }
  await postChartAfterRca(deps, chart, updateSurfaces);
  await advanceStreams();
  await live.status();
  waitMs = Math.max(waitMs, await updateChanged(deps, lane, report));
  if (waitMs === 0) return report;
  log.debug({ waitMs, report }, 'outbox sync waiting to coalesce updates');
  return deps.park(waitMs);
}

/**
 * Updates the posted messages `which` picks whose render changed, each at most once per
 * `updateIntervalMs` and in its channel's update line: answers how long to wait before the ones
 * that are not due yet (0: none left).
 */
export async function updateChanged(
  deps: SyncRun,
  lane: {
    incidentId: string;
    desired: readonly DesiredMessage[];
    records: Map<string, MessageRecord>;
    revision: number;
    /** An archived incident channel: it takes no more edits, its messages stay as they were. */
    frozenChannel?: string;
  },
  report: SyncReport,
  which: (key: string) => boolean = () => true,
): Promise<number> {
  const { incidentId, records, revision } = lane;
  let waitMs = 0;
  // Decisions first, and a card waits while a decision's update does: the card must never say an
  // incident is decided while its approval message still offers the buttons.
  let decisionWaiting = false;
  for (const message of decisionsFirst(lane.desired)) {
    const record = records.get(message.key);
    if (!which(message.key)) continue;
    const digest = digestOf(message.message);
    if (!record || record.digest === digest || record.revision > revision) continue;
    // A live stream is brought up to date by its chunks (plan-stream.ts), never by chat.update.
    if (record.digest === STREAMING_DIGEST) continue;
    if (record.channel === lane.frozenChannel) continue;
    const priority = postPriority(message.key);
    const dueInMs = record.updatedAtMs + deps.updateIntervalMs - Date.now();
    if (dueInMs > 0 || (decisionWaiting && priority === POST_PRIORITY.card)) {
      waitMs = Math.max(waitMs, dueInMs, 1);
      if (priority === POST_PRIORITY.decision) decisionWaiting = true;
      continue;
    }
    await untilSlot(deps, 'update', { incidentId, channel: record.channel, priority });
    records.set(message.key, await updateMessage(deps, { incidentId, record, message, digest, revision }));
    report.updated.push(message.key);
  }
  return waitMs;
}

function decisionsFirst(desired: readonly DesiredMessage[]): DesiredMessage[] {
  const decision = (message: DesiredMessage) => postPriority(message.key) === POST_PRIORITY.decision;
  return [...desired.filter(decision), ...desired.filter((message) => !decision(message))];
}

interface UpdateRequest {
  incidentId: string;
  record: MessageRecord;
  message: DesiredMessage;
  digest: string;
  revision: number;
}

async function updateMessage(deps: SyncRun, request: UpdateRequest): Promise<MessageRecord> {
  const { record, message } = request;
  try {
    await deps.slack.call('chat.update', {
      channel: record.channel,
      ts: record.ts,
      text: message.message.text,
      blocks: message.message.blocks,
      metadata: messageMetadata(request.incidentId, message.key),
    });
  } catch (error) {
    if (!(error instanceof SlackCallError)) throw error;
    const failure = error.failure;
    if (failure.kind === 'rate_limited') return deps.park(failure.retryAfterMs);
    // An update is idempotent: an ambiguous failure is simply tried again by the job's retry.
    if (failure.kind === 'ambiguous') throw new RetryableError('slack_api', error.message);
    deps.logger.warn(
      { incident: request.incidentId, key: message.key, error: failure.error },
      'slack refused an update',
    );
  }
  const updated = { ...record, digest: request.digest, revision: request.revision, updatedAtMs: Date.now() };
  await deps.records.put(request.incidentId, message.key, updated);
  return updated;
}

interface ChartContext {
  incidentId: string;
  where: (placement: 'thread') => Place | undefined;
  revision: number;
  records: Map<string, MessageRecord>;
  pending: Set<string>;
  snapshot: IncidentSnapshot;
  report: SyncReport;
}

async function postChartAfterRca(
  deps: SyncRun,
  target: ChartContext,
  beforePosting: () => Promise<void>,
): Promise<void> {
  const rca = target.records.get(MESSAGE_KEYS.rca);
  const thread = target.where('thread');
  if (!target.snapshot.chart || !rca || !thread?.threadTs || deps.charts === false) return;
  await beforePosting();
  const uploaded = await postRcaChartOnce(
    deps,
    { records: target.records, pending: target.pending },
    { ...target, channel: thread.channel, threadTs: thread.threadTs, chart: target.snapshot.chart },
  );
  if (uploaded) {
    target.pending.add(MESSAGE_KEYS.rcaChart);
    target.report.posted.push(MESSAGE_KEYS.rcaChart);
  }
}
