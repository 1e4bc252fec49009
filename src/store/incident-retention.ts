import type { ClosedIncident } from '../domain/retention.js';
import { dumpIncident, type IncidentDump } from './incident-dump.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { queueScript, withScripts } from './scripts.js';
import { execAll } from './transaction.js';

/**
 * Keys outlive the sweep's eviction by this much, so the sweep can still read an incident's alert
 * fingerprints and Slack roots when it removes them from the global indexes.
 */
export const EVICTION_GRACE_MS = 24 * 3600 * 1000;

/** Every key that belongs to one incident (the posting reservations expire by themselves). */
export function incidentKeyNames(keys: Keys, id: string): string[] {
  return [
    keys.ticket(id),
    keys.timeline(id),
    keys.stages(id),
    keys.outputs(id),
    keys.telemetry(id),
    keys.approvals(id),
    keys.manualSteps(id),
    keys.stepRecords(id),
    keys.stepApprovals(id),
    keys.incidentAlerts(id),
    keys.incidentSystems(id),
    keys.slackMessages(id),
    keys.slackSyncLease(id),
    keys.revision(id),
    keys.syncPending(id),
    keys.pages(id),
  ];
}

export interface IncidentRetention {
  /** Closed incidents, oldest first, with their archive mark. */
  closed(limit?: number): Promise<ClosedIncident[]>;
  /** Every key of the incident expires at `atMs` plus the grace. */
  expireAt(id: string, atMs: number): Promise<void>;
  /** The incident reopened: its keys live on and it leaves the closed index. */
  keep(id: string): Promise<void>;
  /** When the incident closed (ms), or undefined when it is not in the closed index. */
  closedAt(id: string): Promise<number | undefined>;
  /** The incident's hashes, decoded, for the history database. */
  dump(id: string): Promise<IncidentDump>;
  markArchived(id: string, atMs: number): Promise<void>;
  isArchived(id: string): Promise<boolean>;
  /** Removes the incident from every global index (all, open, closed, Slack roots, alerts). */
  evict(id: string): Promise<void>;
  /** Takes the incident out of the open set without closing it (a stale Partially_Resolved). */
  retire(id: string, atMs: number): Promise<void>;
  /**
   * Forgets early resolutions (alerts resolved before any firing of theirs was placed) last
   * written before `beforeMs`, unless their firing made them an incident's meanwhile. Returns
   * how many left the alert index.
   */
  forgetEarlyResolutions(beforeMs: number): Promise<number>;
}

const SWEEP_BATCH = 10_000;

export function createIncidentRetention(redis: Redis, keys: Keys): IncidentRetention {
  return {
    async closed(limit = SWEEP_BATCH) {
      const flat = await redis.zrange(keys.closedIncidents, 0, limit - 1, 'WITHSCORES');
      const ids: string[] = [];
      const scores: number[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        ids.push(flat[i] as string);
        scores.push(Number(flat[i + 1]));
      }
      if (ids.length === 0) return [];
      const archived = await redis.hmget(keys.archivedIncidents, ...ids);
      return ids.map((id, index) => ({
        id,
        closedAtMs: scores[index] ?? 0,
        archived: archived[index] !== null && archived[index] !== undefined,
      }));
    },

    async expireAt(id, atMs) {
      const seconds = String(Math.ceil((atMs + EVICTION_GRACE_MS) / 1000));
      const pipeline = redis.pipeline();
      for (const key of incidentKeyNames(keys, id)) pipeline.expireat(key, seconds);
      await pipeline.exec();
      // In the global slot (beside the learning record it moves), so not in the pipeline above.
      await redis.expireat(keys.causeVerdicts(id), seconds);
    },

    async keep(id) {
      // The incident's keys (its slot) first, then the indexes (the global slot).
      const own = redis.multi();
      for (const key of incidentKeyNames(keys, id)) own.persist(key);
      await own.exec();
      await redis
        .multi()
        .zrem(keys.closedIncidents, id)
        .hdel(keys.archivedIncidents, id)
        .persist(keys.causeVerdicts(id))
        .exec();
    },

    async closedAt(id) {
      const score = await redis.zscore(keys.closedIncidents, id);
      return score === null ? undefined : Number(score);
    },

    dump: (id) => dumpIncident(redis, keys, id),

    async markArchived(id, atMs) {
      await redis.hset(keys.archivedIncidents, id, String(atMs));
    },

    async isArchived(id) {
      return (await redis.hexists(keys.archivedIncidents, id)) === 1;
    },

    async evict(id) {
      const [fingerprints, slackRecords] = await Promise.all([
        redis.hkeys(keys.incidentAlerts(id)),
        redis.hvals(keys.slackMessages(id)),
      ]);
      const roots = slackRecords.flatMap((raw) => {
        try {
          const record = JSON.parse(raw) as { channel?: unknown; ts?: unknown };
          return typeof record.channel === 'string' && typeof record.ts === 'string'
            ? [`${record.channel}/${record.ts}`]
            : [];
        } catch {
          return []; // a pending mark, not a record
        }
      });
      const tx = redis
        .multi()
        .zrem(keys.allIncidents, id)
        .zrem(keys.openIncidents, id)
        .zrem(keys.closedIncidents, id)
        .hdel(keys.archivedIncidents, id)
        .hdel(keys.alertDeliveries, id)
        .hdel(keys.alertFloods, id)
        .hdel(keys.ingestHeads, id);
      if (roots.length > 0) tx.hdel(keys.slackRootIndex, ...roots);
      // Only fingerprints that still point at this incident: a later incident may own them now.
      for (const fingerprint of fingerprints)
        queueScript(tx, 'warroomHdelIfIncident', keys.alertIndex, fingerprint, id);
      await execAll(tx);
    },

    async forgetEarlyResolutions(beforeMs) {
      let total = 0;
      for (;;) {
        const [seen, forgotten] = (await withScripts(redis).warroomForgetEarlyResolutions(
          keys.earlyResolutions,
          keys.alertIndex,
          beforeMs,
          SWEEP_BATCH,
        )) as [number, number];
        total += forgotten;
        if (seen < SWEEP_BATCH) return total;
      }
    },

    async retire(id, atMs) {
      await redis.multi().zrem(keys.openIncidents, id).zadd(keys.closedIncidents, atMs, id).exec();
    },
  };
}
