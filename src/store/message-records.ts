import { z } from 'zod';
import type { Keys } from './keys.js';
import { onReplica, type Redis } from './redis.js';

export const MessageRecord = z.object({
  ts: z.string(),
  channel: z.string(),
  /** Hash of the text and blocks last sent: an unchanged render sends nothing. */
  digest: z.string(),
  /** Revision of the incident state this content was rendered from: older renders never win. */
  revision: z.number().int(),
  updatedAtMs: z.number(),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

/**
 * A plan message streamed into the thread (`chat.startStream`): `starting` while the start's answer
 * is not recorded, `streaming` while chunks go out, `stopped` once finalized, `fallback` once the
 * stream was refused, expired or failed and the message is kept with `chat.postMessage` /
 * `chat.update` like any other. A phase is streamed at most once: nothing ever starts a second stream.
 */
export const StreamState = z.object({
  state: z.enum(['starting', 'streaming', 'stopped', 'fallback']),
  ts: z.string().optional(),
  channel: z.string().optional(),
  /** What each task last streamed (task id → digest), and the plan's title. */
  sent: z.record(z.string(), z.string()).default({}),
  title: z.string().optional(),
  reason: z.string().optional(),
});
export type StreamState = z.infer<typeof StreamState>;

/** The thread's status line (`assistant.threads.setStatus`) as last set; `refused` once Slack said no. */
export const StatusLine = z.object({
  status: z.string(),
  updatedAtMs: z.number(),
  refused: z.boolean().optional(),
});
export type StatusLine = z.infer<typeof StatusLine>;

const PENDING = 'pending:';
const STREAM = 'stream:';
const STATUS_LINE = 'status-line';

/** A field of the incident's Slack hash that records a posted message (not a pending mark, a stream's state or the status line). */
export function isMessageField(field: string): boolean {
  return !field.startsWith(PENDING) && !field.startsWith(STREAM) && field !== STATUS_LINE;
}

export interface MessageRecords {
  all(incidentId: string): Promise<{
    records: Map<string, MessageRecord>;
    pending: Set<string>;
    streams: Map<string, StreamState>;
    statusLine?: StatusLine;
  }>;
  put(incidentId: string, key: string, record: MessageRecord): Promise<void>;
  /** Marks a post as in flight: if the process dies before `put`, the next sync reconciles first. */
  markPending(incidentId: string, key: string): Promise<void>;
  clearPending(incidentId: string, key: string): Promise<void>;
  /** Claims the one stream of a message key: false when one was already started (or refused). */
  claimStream(incidentId: string, key: string): Promise<boolean>;
  putStream(incidentId: string, key: string, stream: StreamState): Promise<void>;
  putStatusLine(incidentId: string, line: StatusLine): Promise<void>;
  /** Root message (channel + ts) → incident id, for button clicks and thread replies. */
  indexRoot(channel: string, ts: string, incidentId: string): Promise<void>;
  incidentForRoot(channel: string, ts: string): Promise<string | undefined>;
}

export function createMessageRecords(redis: Redis, keys: Keys): MessageRecords {
  return {
    async all(incidentId) {
      const raw = await redis.hgetall(keys.slackMessages(incidentId));
      const records = new Map<string, MessageRecord>();
      const pending = new Set<string>();
      const streams = new Map<string, StreamState>();
      let statusLine: StatusLine | undefined;
      for (const [field, value] of Object.entries(raw)) {
        if (field.startsWith(PENDING)) pending.add(field.slice(PENDING.length));
        else if (field.startsWith(STREAM))
          streams.set(field.slice(STREAM.length), StreamState.parse(JSON.parse(value)));
        else if (field === STATUS_LINE) statusLine = StatusLine.parse(JSON.parse(value));
        else records.set(field, MessageRecord.parse(JSON.parse(value)));
      }
      return { records, pending, streams, ...(statusLine ? { statusLine } : {}) };
    },
    async claimStream(incidentId, key) {
      const starting: StreamState = { state: 'starting', sent: {} };
      const claimed = await redis.hsetnx(
        keys.slackMessages(incidentId),
        `${STREAM}${key}`,
        JSON.stringify(starting),
      );
      return claimed === 1;
    },
    async putStream(incidentId, key, stream) {
      await redis.hset(keys.slackMessages(incidentId), `${STREAM}${key}`, JSON.stringify(stream));
      await onReplica(redis, keys.slackMessages(incidentId));
    },
    async putStatusLine(incidentId, line) {
      await redis.hset(keys.slackMessages(incidentId), STATUS_LINE, JSON.stringify(line));
    },
    async put(incidentId, key, record) {
      await redis
        .multi()
        .hset(keys.slackMessages(incidentId), key, JSON.stringify(record))
        .hdel(keys.slackMessages(incidentId), `${PENDING}${key}`)
        .exec();
      // A record a failover loses would post the message again.
      await onReplica(redis, keys.slackMessages(incidentId));
    },
    async markPending(incidentId, key) {
      await redis.hset(keys.slackMessages(incidentId), `${PENDING}${key}`, String(Date.now()));
    },
    async clearPending(incidentId, key) {
      await redis.hdel(keys.slackMessages(incidentId), `${PENDING}${key}`);
    },
    async indexRoot(channel, ts, incidentId) {
      await redis.hset(keys.slackRootIndex, `${channel}/${ts}`, incidentId);
    },
    async incidentForRoot(channel, ts) {
      return (await redis.hget(keys.slackRootIndex, `${channel}/${ts}`)) ?? undefined;
    },
  };
}
