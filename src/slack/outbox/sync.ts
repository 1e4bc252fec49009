import { createHash } from 'node:crypto';
import type { StageRun } from '../../domain/stage-run.js';
import { PermanentError, RetryableError } from '../../errors.js';
import { incidentLogger, type Logger } from '../../log.js';
import type { PipelineContext } from '../../pipeline/context.js';
import type { HomeViewers } from '../../store/home-viewers.js';
import type { Keys } from '../../store/keys.js';
import type { MessageRecord, MessageRecords } from '../../store/message-records.js';
import { claimPostSlot } from '../../store/post-slots.js';
import type { Redis } from '../../store/redis.js';
import type { SyncFlags } from '../../store/sync-flag.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import { postRcaChartOnce } from './chart-post.js';
import { type DesiredMessage, desiredMessages } from './desired-messages.js';
import { findPosted, messageMetadata } from './find-posted.js';
import { type IncidentSnapshot, loadIncidentSnapshot } from './incident-snapshot.js';
import { SlackCallError, type SlackCaller } from './slack-calls.js';

export interface OutboxDeps {
  ctx: PipelineContext;
  redis: Redis;
  keys: Keys;
  records: MessageRecords;
  syncFlags: SyncFlags;
  homeViewers: HomeViewers;
  slack: SlackCaller;
  logger: Logger;
  /** Slack: about one post per second per channel. */
  postIntervalMs: number;
  /** At most one update per message per this interval; bursts in between coalesce. */
  updateIntervalMs: number;
  /** Upload a PNG chart of the root cause's series into the thread (default on). */
  charts?: boolean;
  /** Test hook: called after Slack accepted a post and before its ts is recorded. */
  afterPostBeforeRecord?: (incidentId: string, key: string) => Promise<void>;
}

/**
 * Ends this run of the sync job and runs it again from the top in `ms` (BullMQ's moveToDelayed and
 * DelayedError): a sync never sleeps inside its job, so a worker told to stop finishes at once and
 * a waiting sync costs no worker slot. A re-run starts from the top and does only what is left.
 */
export type Park = (ms: number) => Promise<never>;

/** The outbox's dependencies plus the way this run of the job waits. */
export interface SyncRun extends OutboxDeps {
  park: Park;
}

export interface SyncReport {
  posted: string[];
  updated: string[];
  reconciled: string[];
}

const ADOPTED_DIGEST = 'adopted';
const MAX_POST_ATTEMPTS = 10;
/**
 * A parked job wakes up to ~100 ms late (Redis times out blocking calls at 10 Hz), so a sync parks
 * that much short of its slot and sleeps the remainder: never longer than this inside a job.
 */
const WAKE_EARLY_MS = 150;

/** Waits until the incident's posting slot in `channel`: parks the job, then sleeps the last moments. */
export async function untilPostSlot(deps: SyncRun, incidentId: string, channel: string): Promise<void> {
  const slot = { channel, incidentId, intervalMs: deps.postIntervalMs };
  // The claim after the last moments' sleep is what spends the reservation.
  for (let waitMs = await claimPostSlot(deps.redis, deps.keys, slot); waitMs > 0; ) {
    if (waitMs > WAKE_EARLY_MS) await deps.park(waitMs - WAKE_EARLY_MS);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    waitMs = await claimPostSlot(deps.redis, deps.keys, slot);
  }
}

export function digestOf(message: SlackMessage): string {
  return createHash('sha1').update(message.text).update(JSON.stringify(message.blocks)).digest('hex');
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
  const snapshot = await loadIncidentSnapshot(deps.ctx, incidentId);
  const channel = snapshot?.ticket.channel;
  if (!snapshot || !channel) return report;
  const desired = desiredMessages(snapshot, lastChangeOf(snapshot.ticket.updatedAt, snapshot.runs));
  const { records, pending } = await deps.records.all(incidentId);
  const chart = { incidentId, channel, revision, records, pending, snapshot, report };
  // Posts first, in order (the root cause's chart right under the RCA message): a sync that must
  // wait for a posting slot parks before it updates anything, so updates coalesce while it waits.
  const afterRca = desired.findIndex((message) => message.key === 'rca') + 1;
  for (const [index, message] of desired.entries()) {
    if (afterRca > 0 && index === afterRca) await postChartAfterRca(deps, chart);
    const rootTs = records.get('card')?.ts;
    if (records.has(message.key) || (message.placement === 'thread' && !rootTs)) continue;
    const posted = await postOnce(deps, log, {
      incidentId,
      channel,
      message,
      digest: digestOf(message.message),
      revision,
      ...(message.placement === 'thread' && rootTs ? { threadTs: rootTs } : {}),
      wasPending: pending.has(message.key),
      oldestSeconds: Date.parse(snapshot.ticket.createdAt) / 1000 - 60,
    });
    records.set(message.key, posted.record);
    (posted.reconciled ? report.reconciled : report.posted).push(message.key);
  }
  await postChartAfterRca(deps, chart);
  let waitMs = 0;
  for (const message of desired) {
    const record = records.get(message.key);
    const digest = digestOf(message.message);
    if (!record || record.digest === digest || record.revision > revision) continue;
    const dueInMs = record.updatedAtMs + deps.updateIntervalMs - Date.now();
    if (dueInMs > 0) {
      waitMs = Math.max(waitMs, dueInMs);
      continue;
    }
    await updateMessage(deps, { incidentId, record, message, digest, revision });
    report.updated.push(message.key);
  }
  if (waitMs === 0) return report;
  log.debug({ waitMs, report }, 'outbox sync waiting to coalesce updates');
  return deps.park(waitMs);
}

interface PostRequest {
  incidentId: string;
  channel: string;
  threadTs?: string;
  message: DesiredMessage;
  digest: string;
  revision: number;
  wasPending: boolean;
  oldestSeconds: number;
}

async function postOnce(
  deps: SyncRun,
  log: Logger,
  request: PostRequest,
): Promise<{ record: MessageRecord; reconciled: boolean }> {
  const { incidentId, channel, message } = request;
  const where = {
    channel,
    oldestSeconds: request.oldestSeconds,
    ...(request.threadTs ? { threadTs: request.threadTs } : {}),
  };
  // A message found by reconciliation shows whatever an earlier attempt rendered: record an
  // unknown digest so the next round brings it up to date.
  const remember = async (ts: string, adopted = false): Promise<MessageRecord> => {
    const record = {
      ts,
      channel,
      digest: adopted ? ADOPTED_DIGEST : request.digest,
      revision: request.revision,
      updatedAtMs: adopted ? 0 : Date.now(),
    };
    await deps.records.put(incidentId, message.key, record);
    if (message.placement === 'root') await deps.records.indexRoot(channel, ts, incidentId);
    return record;
  };

  // An earlier attempt may have landed without us hearing back: look before posting again.
  if (request.wasPending) {
    const found = await findPosted(deps.slack, where, incidentId, message.key);
    if (found) {
      log.info({ key: message.key, ts: found }, 'adopted a message whose post outcome was unknown');
      return { record: await remember(found, true), reconciled: true };
    }
  }

  for (let attempt = 0; attempt < MAX_POST_ATTEMPTS; attempt++) {
    await untilPostSlot(deps, incidentId, channel);
    // Only now may a post be in flight: a sync parked before this point left nothing to reconcile.
    await deps.records.markPending(incidentId, message.key);
    try {
      const result = await deps.slack.call<{ ts?: string }>('chat.postMessage', {
        channel,
        text: message.message.text,
        blocks: message.message.blocks,
        metadata: messageMetadata(incidentId, message.key),
        unfurl_links: false,
        unfurl_media: false,
        ...(request.threadTs ? { thread_ts: request.threadTs } : {}),
      });
      if (!result.ts) throw new RetryableError('slack_api', 'chat.postMessage answered without a ts');
      await deps.afterPostBeforeRecord?.(incidentId, message.key);
      return { record: await remember(result.ts), reconciled: false };
    } catch (error) {
      if (!(error instanceof SlackCallError)) throw error;
      const failure = error.failure;
      if (failure.kind === 'rate_limited') return deps.park(failure.retryAfterMs);
      if (failure.kind === 'permanent') {
        await deps.records.clearPending(incidentId, message.key);
        throw new PermanentError(
          'slack_api',
          `Slack refused ${message.key} for ${incidentId}: ${failure.error}`,
        );
      }
      const found = await findPosted(deps.slack, where, incidentId, message.key);
      if (found) return { record: await remember(found, true), reconciled: true };
      // Not there: the post really failed; the next attempt may post again safely.
    }
  }
  throw new RetryableError('slack_api', `Could not post ${message.key} for ${incidentId}`);
}

interface UpdateRequest {
  incidentId: string;
  record: MessageRecord;
  message: DesiredMessage;
  digest: string;
  revision: number;
}

async function updateMessage(deps: SyncRun, request: UpdateRequest): Promise<void> {
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
  await deps.records.put(request.incidentId, message.key, {
    ...record,
    digest: request.digest,
    revision: request.revision,
    updatedAtMs: Date.now(),
  });
}

interface ChartContext {
  incidentId: string;
  channel: string;
  revision: number;
  records: Map<string, MessageRecord>;
  pending: Set<string>;
  snapshot: IncidentSnapshot;
  report: SyncReport;
}

async function postChartAfterRca(deps: SyncRun, target: ChartContext): Promise<void> {
  const rca = target.records.get('rca');
  const card = target.records.get('card');
  if (!target.snapshot.chart || !rca || !card || deps.charts === false) return;
  const uploaded = await postRcaChartOnce(
    deps,
    { records: target.records, pending: target.pending },
    { ...target, threadTs: card.ts, chart: target.snapshot.chart },
  );
  if (uploaded) {
    target.pending.add('chart:rca');
    target.report.posted.push('chart:rca');
  }
}
