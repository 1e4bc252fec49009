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

const PENDING = 'pending:';

export interface MessageRecords {
  all(incidentId: string): Promise<{ records: Map<string, MessageRecord>; pending: Set<string> }>;
  put(incidentId: string, key: string, record: MessageRecord): Promise<void>;
  /** Marks a post as in flight: if the process dies before `put`, the next sync reconciles first. */
  markPending(incidentId: string, key: string): Promise<void>;
  clearPending(incidentId: string, key: string): Promise<void>;
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
      for (const [field, value] of Object.entries(raw)) {
        if (field.startsWith(PENDING)) pending.add(field.slice(PENDING.length));
        else records.set(field, MessageRecord.parse(JSON.parse(value)));
      }
      return { records, pending };
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
