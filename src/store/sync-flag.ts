import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

/**
 * An incident's revision (bumped on every change) and its "sync pending" flag: together they let
 * the Slack outbox coalesce many changes into one sync and never miss the last one.
 */
export interface SyncFlags {
  /** Bumps the revision; true when no sync was pending yet (so the caller queues one). */
  request(incidentId: string): Promise<boolean>;
  /** A sync starts: any change from here on must queue another one. */
  clear(incidentId: string): Promise<void>;
  revision(incidentId: string): Promise<number>;
}

/** How long a pending flag outlives a process that died before queueing its sync. */
export const SYNC_PENDING_TTL_MS = 15_000;

export function createSyncFlags(redis: Redis, keys: Keys): SyncFlags {
  return {
    async request(incidentId) {
      const fresh = await withScripts(redis).warroomRequestSync(
        keys.revision(incidentId),
        keys.syncPending(incidentId),
        SYNC_PENDING_TTL_MS,
      );
      return fresh === 1;
    },
    async clear(incidentId) {
      await redis.del(keys.syncPending(incidentId));
    },
    async revision(incidentId) {
      return Number((await redis.get(keys.revision(incidentId))) ?? 0);
    },
  };
}
