import { createHash } from 'node:crypto';
import { PermanentError, RetryableError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { MessageRecord } from '../../store/message-records.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import type { DesiredMessage } from './desired-message.js';
import { findPosted, messageMetadata } from './find-posted.js';
import { postPriority } from './message-keys.js';
import type { SyncRun } from './outbox-deps.js';
import { untilSlot } from './post-slot-wait.js';
import { SlackCallError } from './slack-calls.js';

/** The digest of a message whose content is unknown (adopted, or left by a stream): never matches, so the next sync updates it. */
export const ADOPTED_DIGEST = 'adopted';
const MAX_POST_ATTEMPTS = 10;

/** What a message renders to: an unchanged digest needs no update. */
export function digestOf(message: SlackMessage): string {
  return createHash('sha1').update(message.text).update(JSON.stringify(message.blocks)).digest('hex');
}

export interface PostRequest {
  incidentId: string;
  channel: string;
  threadTs?: string;
  message: DesiredMessage;
  digest: string;
  revision: number;
  wasPending: boolean;
  oldestSeconds: number;
}

/** Posts one message at most once, reconciling a post whose answer was lost (see findPosted). */
export async function postOnce(
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
    if (message.placement === 'root' || message.placement === 'room-root')
      await deps.records.indexRoot(channel, ts, incidentId);
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
    await untilSlot(deps, 'post', { incidentId, channel, priority: postPriority(message.key) });
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
