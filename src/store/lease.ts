import { randomBytes } from 'node:crypto';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

const RELEASE_RETRY_MS = 250;

/** True while `token` held the lease and it now lasts `ttlMs` more. */
export async function renewLease(redis: Redis, key: string, token: string, ttlMs: number): Promise<boolean> {
  return (await withScripts(redis).warroomLeaseRenew(key, token, ttlMs)) === 1;
}

/** True when `token` held the lease and it is gone; false when someone else holds it (or no one). */
export async function releaseLease(redis: Redis, key: string, token: string): Promise<boolean> {
  return (await withScripts(redis).warroomLeaseRelease(key, token)) === 1;
}

/**
 * Releases the lease, retrying through a Redis outage until it succeeds or the lease would have
 * expired by itself: a lease left behind makes every other holder wait out its whole TTL.
 */
async function releaseThroughOutage(redis: Redis, key: string, token: string, expiresAt: number) {
  for (;;) {
    try {
      await releaseLease(redis, key, token);
      return;
    } catch (error) {
      if (Date.now() + RELEASE_RETRY_MS >= expiresAt) return;
      if (redis.status === 'end') throw error;
      await new Promise((resolve) => setTimeout(resolve, RELEASE_RETRY_MS));
    }
  }
}

/**
 * Runs `work` while holding a short Redis lease on `key`; returns `{ ran: false }` without running
 * it when someone else holds the lease. The lease expires by itself if its holder dies.
 */
export async function withLease<T>(
  redis: Redis,
  key: string,
  ttlMs: number,
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const token = randomBytes(8).toString('hex');
  const acquired = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (acquired !== 'OK') return { ran: false };
  let expiresAt = Date.now() + ttlMs;
  const renew = setInterval(
    () => {
      const sent = Date.now();
      renewLease(redis, key, token, ttlMs).then(
        (held) => {
          if (held) expiresAt = sent + ttlMs;
        },
        // The lease keeps its last expiry; the next tick (or expiry) settles it.
        () => undefined,
      );
    },
    Math.max(100, Math.floor(ttlMs / 3)),
  );
  try {
    return { ran: true, value: await work() };
  } finally {
    clearInterval(renew);
    await releaseThroughOutage(redis, key, token, expiresAt).catch(() => undefined);
  }
}
