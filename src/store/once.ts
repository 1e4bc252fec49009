import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

/**
 * Claims `key` in `scope` for `ttlSeconds`. True the first time, false for every redelivery:
 * Slack retries, webhook redeliveries and double clicks all go through here.
 */
export async function claimOnce(
  redis: Redis,
  keys: Keys,
  scope: string,
  key: string,
  ttlSeconds = 3600,
): Promise<boolean> {
  const claimed = await redis.set(keys.idempotency(scope, key), '1', 'EX', ttlSeconds, 'NX');
  return claimed === 'OK';
}
