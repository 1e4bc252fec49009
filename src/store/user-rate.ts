import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

export interface UserRateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A fixed-window counter per person and scope, shared by every web process through Redis. */
export async function countUserRequest(
  redis: Redis,
  keys: Keys,
  scope: string,
  userId: string,
  rate: UserRateLimit,
): Promise<RateVerdict> {
  // One round trip: count this request and start the window on the first one.
  const [count, ttl] = (await withScripts(redis).warroomCountInWindow(
    keys.userRate(scope, userId),
    rate.windowSeconds,
  )) as [number, number];
  if (count <= rate.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, ttl) };
}
