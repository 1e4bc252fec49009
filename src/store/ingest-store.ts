import { PermanentError } from '../errors.js';
import type { AlertStatus } from '../ingest/alert.js';
import { type AlertBatch, type ReadBatch, readStoredBatch, stampedBatch } from '../ingest/alert-batch.js';
import type { KnownAlert } from '../ingest/correlate.js';
import type { FloodMark } from '../ingest/flood.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';
import { SYNC_PENDING_TTL_MS, type SyncRequest, syncRequestOf } from './sync-flag.js';
import { TIMELINE_MAX_ENTRIES } from './timeline-store.js';

const BATCH_TTL_SECONDS = 24 * 3600;

/** What a delivery (or a group of them) brought one incident (see IngestStore.joinIncident). */
export interface IncidentShare {
  /** Each of its series the delivery carried, with its state now. */
  statuses: ReadonlyArray<readonly [fingerprint: string, status: AlertStatus]>;
  /** Series that joined it by correlation. */
  joined: readonly string[];
  /** Their timeline entry (see checkedTimelineFields), written when any of them is fresh. */
  entry?: readonly string[];
  /** How soon its thread should show it ('later': syncs of a storm coalesce); none: the caller asks. */
  sync?: 'now' | 'later';
}

export interface AlertTally {
  total: number;
  firing: number;
  resolved: number;
  deliveries: number;
}

/** Alert series, their incidents, and batches waiting for the ingest worker. */
export interface IngestStore {
  putBatch(batchId: string, batch: AlertBatch): Promise<void>;
  batch(batchId: string): Promise<ReadBatch | undefined>;
  /** Batches whose placement is committed and written: a retry of their jobs needs only the placement. */
  dropBatches(batchIds: readonly string[]): Promise<void>;
  known(fingerprints: readonly string[]): Promise<Map<string, KnownAlert>>;
  /** True for the first caller to send this alert state within `ttlMs`; false while one is on its way. */
  claimSend(fingerprint: string, status: string, ttlMs: number): Promise<boolean>;
  /**
   * What a delivery (or a group of them) brought one incident, in one step: its series' states in
   * the incident's own list of its alerts (the global index is the placement's commit), the series
   * that joined it by correlation on its ticket (with their timeline entry, when any is fresh), and
   * a sync of its thread. Resolves with the joined series not on it yet and the sync request (see
   * SyncFlags.request). An incident with no ticket gets nothing; joining it throws.
   */
  joinIncident(incidentId: string, share: IncidentShare): Promise<{ fresh: string[]; sync: SyncRequest }>;
  /**
   * Deliveries of one series placed one after the other may have written their incidents' lists
   * in either order: writes again what the index (the order of commits) says, until both agree.
   * The incidents that were given a resolved alert that way.
   */
  settleIncidentAlerts(
    entries: ReadonlyArray<[fingerprint: string, known: KnownAlert]>,
  ): Promise<Set<string>>;
  tally(incidentId: string): Promise<AlertTally>;
  /** Systems of the alerts each incident holds, for correlation. */
  systems(incidentIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Adds systems; how many the incident holds now. */
  addSystems(incidentId: string, systems: readonly string[]): Promise<number>;
  flood(incidentId: string): Promise<FloodMark | undefined>;
}

export function createIngestStore(redis: Redis, keys: Keys): IngestStore {
  async function known(fingerprints: readonly string[]): Promise<Map<string, KnownAlert>> {
    if (fingerprints.length === 0) return new Map();
    const raws = await redis.hmget(keys.alertIndex, ...fingerprints);
    const found = new Map<string, KnownAlert>();
    raws.forEach((raw, index) => {
      const fingerprint = fingerprints[index];
      if (raw && fingerprint) found.set(fingerprint, JSON.parse(raw) as KnownAlert);
    });
    return found;
  }

  return {
    async putBatch(batchId, batch) {
      await redis.set(keys.alertBatch(batchId), JSON.stringify(stampedBatch(batch)), 'EX', BATCH_TTL_SECONDS);
    },
    async dropBatches(batchIds) {
      // One key at a time: a batch's key is its own, so on a Cluster they sit in different slots.
      await Promise.all(batchIds.map((batchId) => redis.del(keys.alertBatch(batchId))));
    },
    async batch(batchId) {
      const raw = await redis.get(keys.alertBatch(batchId));
      return raw ? readStoredBatch(JSON.parse(raw)) : undefined;
    },
    known,
    async claimSend(fingerprint, status, ttlMs) {
      return (await redis.set(keys.monitorSent(status, fingerprint), '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async joinIncident(incidentId, share) {
      const reply = (await withScripts(redis).warroomJoinIncident(
        keys.incidentAlerts(incidentId),
        keys.ticket(incidentId),
        keys.timeline(incidentId),
        keys.revision(incidentId),
        keys.syncPending(incidentId),
        share.statuses.length,
        ...share.statuses.flat(),
        share.joined.length,
        ...share.joined,
        share.sync ?? '',
        SYNC_PENDING_TTL_MS,
        ...(share.entry && share.entry.length > 0 ? [TIMELINE_MAX_ENTRIES, ...share.entry] : []),
      )) as [string[], number] | null;
      if (reply) return { fresh: reply[0], sync: syncRequestOf(reply[1]) };
      // A late redelivery for an incident whose keys are gone changes nothing; joining one cannot be.
      if (share.joined.length === 0) return { fresh: [], sync: undefined };
      throw new PermanentError('not_found', `No incident ${incidentId}`, { httpStatus: 404 });
    },
    async settleIncidentAlerts(entries) {
      const resolvedIn = new Set<string>();
      let writes = entries.map(
        ([fingerprint, known]) => [fingerprint, known.incidentId, known.status] as const,
      );
      while (writes.length > 0) {
        const index = await known(writes.map(([fingerprint]) => fingerprint));
        writes = writes.flatMap(([fingerprint, incidentId, status]) => {
          const latest = index.get(fingerprint);
          return latest && latest.incidentId === incidentId && latest.status !== status
            ? [[fingerprint, incidentId, latest.status] as const]
            : [];
        });
        for (const [fingerprint, incidentId, status] of writes) {
          await redis.hset(keys.incidentAlerts(incidentId), fingerprint, status);
          if (status === 'resolved') resolvedIn.add(incidentId);
        }
      }
      return resolvedIn;
    },
    async systems(incidentIds) {
      if (incidentIds.length === 0) return new Map();
      const results = await Promise.all(incidentIds.map((id) => redis.smembers(keys.incidentSystems(id))));
      return new Map(incidentIds.map((id, index) => [id, results[index] ?? []]));
    },
    async addSystems(incidentId, systems) {
      if (systems.length > 0) await redis.sadd(keys.incidentSystems(incidentId), ...systems);
      return redis.scard(keys.incidentSystems(incidentId));
    },
    async flood(incidentId) {
      const raw = await redis.hget(keys.alertFloods, incidentId);
      return raw ? (JSON.parse(raw) as FloodMark) : undefined;
    },
    async tally(incidentId) {
      const statuses = Object.values(await redis.hgetall(keys.incidentAlerts(incidentId)));
      const deliveries = Number((await redis.hget(keys.alertDeliveries, incidentId)) ?? 0);
      return {
        total: statuses.length,
        firing: statuses.filter((status) => status === 'firing').length,
        resolved: statuses.filter((status) => status === 'resolved').length,
        deliveries,
      };
    },
  };
}
