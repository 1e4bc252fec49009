import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

/**
 * Signed requests already seen. A signature is valid only inside its timestamp window, so keeping
 * each one for that window is enough to refuse an exact replay (one `SET NX EX` per request).
 */
export interface ReplayCache {
  /** True the first time `signature` is seen in `scope` within `ttlSeconds`; false for a replay. */
  firstSighting(scope: string, signature: string, ttlSeconds: number): Promise<boolean>;
}

export function createReplayCache(redis: Redis, keys: Keys): ReplayCache {
  return {
    async firstSighting(scope, signature, ttlSeconds) {
      const set = await redis.set(keys.replaySeen(scope, signature), '1', 'EX', ttlSeconds, 'NX');
      return set === 'OK';
    },
  };
}
