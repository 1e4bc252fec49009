import { formatChangeId, Rollout } from '../domain/rollout/rollout.js';
import type { Keys } from './keys.js';
import { createMessageRecords, type MessageRecords } from './message-records.js';
import type { Redis } from './redis.js';
import { createStepRecords, type StepRecords } from './step-records.js';
import { createVersioned, readVersioned, updateVersioned } from './versioned-json.js';

/** A finished rollout's keys live this long (its card and records), then expire. */
const KEEP_SECONDS = 30 * 24 * 3600;
/** A request key (Slack trigger, API idempotency key) maps to its change this long, unless told otherwise. */
const REQUEST_KEEP_SECONDS = 24 * 3600;

const parse = (raw: unknown) => Rollout.parse(raw);

export type NewRollout = Omit<Rollout, 'id' | 'log' | 'phase' | 'pass' | 'switched'>;

export interface RolloutStore {
  /**
   * Opens a change numbered by its own counter (`CHG-0003`). With `requestKey`, a retried request
   * (Slack's retries, a pipeline's redelivery) finds the change it already opened: `created` false,
   * for `keepSeconds` (a day by default).
   */
  open(
    draft: NewRollout,
    requestKey?: string,
    keepSeconds?: number,
  ): Promise<{ rollout: Rollout; created: boolean }>;
  get(id: string): Promise<Rollout | undefined>;
  /** Compare-and-set: `change` may run again and must be pure; undefined leaves it alone. */
  update(id: string, change: (current: Rollout) => Rollout | undefined): Promise<Rollout | undefined>;
  /** The newest changes first. */
  recent(limit: number): Promise<Rollout[]>;
  /** The at-most-once records of each instance's steps, as an incident's runbook steps are kept. */
  stepRecords: StepRecords;
  /** Its card and thread messages, kept as an incident's are. */
  messages: MessageRecords;
}

export function createRolloutStore(redis: Redis, keys: Keys): RolloutStore {
  const records = createMessageRecords(redis, { ...keys, slackMessages: keys.rolloutMessages });
  const get = async (id: string) => (await readVersioned(redis, keys.rollout(id), parse))?.doc;
  return {
    async open(draft, requestKey, keepSeconds = REQUEST_KEEP_SECONDS) {
      const requestId = requestKey === undefined ? undefined : keys.rolloutRequest(requestKey);
      const known = async () => {
        const id = requestId === undefined ? null : await redis.get(requestId);
        return id ? await get(id) : undefined;
      };
      const earlier = await known();
      if (earlier) return { rollout: earlier, created: false };
      const id = formatChangeId(await redis.incr(keys.changeSequence));
      const rollout = Rollout.parse({ ...draft, id });
      // Stored before the request key names it: whoever wins the key, its change is there to read.
      await createVersioned(redis, keys.rollout(id), rollout);
      if (requestId !== undefined) {
        const claimed = await redis.set(requestId, id, 'EX', keepSeconds, 'NX');
        const winner = claimed === 'OK' ? undefined : await known();
        if (winner) {
          await redis.del(keys.rollout(id));
          return { rollout: winner, created: false };
        }
      }
      await redis
        .multi()
        .zadd(keys.rolloutIndex, Date.parse(rollout.createdAt), id)
        .expire(keys.rollout(id), KEEP_SECONDS)
        .exec();
      return { rollout, created: true };
    },
    get,
    async update(id, change) {
      const written = await updateVersioned(redis, keys.rollout(id), parse, (current) =>
        current === undefined ? undefined : change(current),
      );
      return written?.doc ?? (await get(id));
    },
    async recent(limit) {
      const ids = await redis.zrevrange(keys.rolloutIndex, 0, Math.max(0, limit - 1));
      const found = await Promise.all(ids.map(get));
      return found.filter((rollout): rollout is Rollout => rollout !== undefined);
    },
    stepRecords: createStepRecords(redis, { ...keys, stepRecords: keys.rolloutStepRecords }),
    messages: {
      ...records,
      async put(id, key, record) {
        await records.put(id, key, record);
        await redis.expire(keys.rolloutMessages(id), KEEP_SECONDS);
      },
      // Replies in a change's thread are not routed to any incident.
      async indexRoot() {},
      async incidentForRoot() {
        return undefined;
      },
    },
  };
}
