import { type AlertBatch, type ReadBatch, readStoredBatch, stampedBatch } from '../ingest/alert-batch.js';
import type { KnownAlert } from '../ingest/correlate.js';
import type { FloodMark } from '../ingest/flood.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

const BATCH_TTL_SECONDS = 24 * 3600;

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
  known(fingerprints: readonly string[]): Promise<Map<string, KnownAlert>>;
  /** True for the first caller to send this alert state within `ttlMs`; false while one is on its way. */
  claimSend(fingerprint: string, status: string, ttlMs: number): Promise<boolean>;
  /**
   * Each incident's own list of its alerts' states (the global index is the placement's commit);
   * the incidents that were given a resolved alert.
   */
  recordInIncidents(entries: ReadonlyArray<[fingerprint: string, known: KnownAlert]>): Promise<Set<string>>;
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
    async batch(batchId) {
      const raw = await redis.get(keys.alertBatch(batchId));
      return raw ? readStoredBatch(JSON.parse(raw)) : undefined;
    },
    known,
    async claimSend(fingerprint, status, ttlMs) {
      return (await redis.set(keys.monitorSent(status, fingerprint), '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async recordInIncidents(entries) {
      const resolvedIn = new Set<string>();
      let writes = entries.map(
        ([fingerprint, known]) => [fingerprint, known.incidentId, known.status] as const,
      );
      // Deliveries of one series placed one after the other may reach this point in either order:
      // after writing, each writer reads the index (the order of commits) and writes again what
      // it says, until both agree. The last commit's status is then the one that stays.
      while (writes.length > 0) {
        const byIncident = new Map<string, string[]>();
        for (const [fingerprint, incidentId, status] of writes) {
          byIncident.set(incidentId, [...(byIncident.get(incidentId) ?? []), fingerprint, status]);
          if (status === 'resolved') resolvedIn.add(incidentId);
        }
        await Promise.all(
          [...byIncident].map(([incidentId, fields]) =>
            redis.hset(keys.incidentAlerts(incidentId), ...fields),
          ),
        );
        const index = await known(writes.map(([fingerprint]) => fingerprint));
        writes = writes.flatMap(([fingerprint, incidentId, status]) => {
          const latest = index.get(fingerprint);
          return latest && latest.incidentId === incidentId && latest.status !== status
            ? [[fingerprint, incidentId, latest.status] as const]
            : [];
        });
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
