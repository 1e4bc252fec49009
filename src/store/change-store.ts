import { ChangeNote } from '../domain/change.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

/** Changes older than this are forgotten: no incident window reaches that far back. */
export const CHANGE_KEEP_MS = 7 * 24 * 3600 * 1000;

export interface ChangeStore {
  /** False for a redelivery of a change already recorded (same id): nothing changes. */
  record(change: ChangeNote, now: Date): Promise<boolean>;
  /** Changes on any service between the two times (ms), oldest first. */
  between(fromMs: number, toMs: number): Promise<ChangeNote[]>;
}

export function createChangeStore(redis: Redis, keys: Keys): ChangeStore {
  return {
    async record(change, now) {
      const added = await redis.zadd(keys.changeTimes, 'NX', Date.parse(change.at), change.id);
      if (Number(added) === 0) return false;
      await redis.hset(keys.changes, change.id, JSON.stringify(change));
      const old = await redis.zrangebyscore(keys.changeTimes, '-inf', now.getTime() - CHANGE_KEEP_MS);
      if (old.length > 0) {
        await redis
          .multi()
          .zrem(keys.changeTimes, ...old)
          .hdel(keys.changes, ...old)
          .exec();
      }
      return true;
    },
    async between(fromMs, toMs) {
      const ids = await redis.zrangebyscore(keys.changeTimes, fromMs, toMs);
      if (ids.length === 0) return [];
      const raws = await redis.hmget(keys.changes, ...ids);
      return raws.flatMap((raw) => {
        const parsed = raw ? ChangeNote.safeParse(JSON.parse(raw)) : undefined;
        return parsed?.success ? [parsed.data] : [];
      });
    },
  };
}
