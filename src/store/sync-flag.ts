import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

/**
 * An incident's revision (bumped on every change) and its "sync pending" flag: together they let
 * the Slack outbox coalesce many changes into one sync and never miss the last one.
 */
export interface SyncFlags {
  /**
   * Bumps the revision. `queue` when no sync was pending yet (the caller queues one); `hurry` when
   * only one that may wait was and this one may not (`later` false): the caller brings it forward.
   */
  request(incidentId: string, later?: boolean): Promise<SyncRequest>;
  /** A sync starts: any change from here on must queue another one. */
  clear(incidentId: string): Promise<void>;
  revision(incidentId: string): Promise<number>;
}

/** What a sync request asks of its caller: queue a sync, bring a waiting one forward, or nothing. */
export type SyncRequest = 'queue' | 'hurry' | undefined;

/** The reply of a script that requested a sync (see REQUEST_SYNC_LUA). */
export function syncRequestOf(reply: unknown): SyncRequest {
  return reply === 1 ? 'queue' : reply === 2 ? 'hurry' : undefined;
}

/** How long a pending flag outlives a process that died before queueing its sync. */
export const SYNC_PENDING_TTL_MS = 15_000;

export function createSyncFlags(redis: Redis, keys: Keys): SyncFlags {
  return {
    async request(incidentId, later = false) {
      const fresh = await withScripts(redis).warroomRequestSync(
        keys.revision(incidentId),
        keys.syncPending(incidentId),
        SYNC_PENDING_TTL_MS,
        later ? 'later' : 'now',
      );
      return syncRequestOf(fresh);
    },
    async clear(incidentId) {
      await redis.del(keys.syncPending(incidentId));
    },
    async revision(incidentId) {
      return Number((await redis.get(keys.revision(incidentId))) ?? 0);
    },
  };
}
