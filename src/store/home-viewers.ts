import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

/** Everyone who opened App Home, so a change to incidents republishes their board. */
export interface HomeViewers {
  add(userId: string): Promise<void>;
  /** Up to `count` of them, chosen at random when there are more. */
  sample(count: number): Promise<string[]>;
}

export function createHomeViewers(redis: Redis, keys: Keys): HomeViewers {
  return {
    async add(userId) {
      await redis.sadd(keys.homeViewers, userId);
    },
    sample(count) {
      return redis.srandmember(keys.homeViewers, count);
    },
  };
}
