import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

export interface UserRateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// One round trip: count this request and start the window on the first one.
const COUNT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}
`;

/** A fixed-window counter per person and scope, shared by every web process through Redis. */
export async function countUserRequest(
  redis: RedisClient,
  keys: Keys,
  scope: string,
  userId: string,
  rate: UserRateLimit,
): Promise<RateVerdict> {
  const [count, ttl] = (await redis.eval(
    COUNT_IN_WINDOW,
    1,
    keys.userRate(scope, userId),
    String(rate.windowSeconds),
  )) as [number, number];
  if (count <= rate.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, ttl) };
}
