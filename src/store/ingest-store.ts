import type { AlertSource } from '../ingest/alert.js';
import { type AlertBatch, type ReadBatch, readStoredBatch } from '../ingest/alert-batch.js';
import type { KnownAlert } from '../ingest/correlate.js';
import { FLOOD_WINDOW_MS } from '../ingest/flood.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

const BATCH_TTL_SECONDS = 24 * 3600;
/** A minute's count outlives its minute a little, then goes. */
const OPENED_COUNT_TTL_SECONDS = (2 * FLOOD_WINDOW_MS) / 1000;

/** Which source and minute an alert-flood incident holds the folded groups of. */
export interface FloodMark {
  source: AlertSource;
  window: number;
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
  known(fingerprints: readonly string[]): Promise<Map<string, KnownAlert>>;
  /** True for the first caller to send this alert state within `ttlMs`; false while one is on its way. */
  claimSend(fingerprint: string, status: string, ttlMs: number): Promise<boolean>;
  record(entries: ReadonlyArray<[fingerprint: string, known: KnownAlert]>): Promise<void>;
  lastAlertAt(incidentIds: readonly string[]): Promise<Map<string, number>>;
  touch(incidentId: string, atMs: number): Promise<void>;
  tally(incidentId: string): Promise<AlertTally>;
  /** Systems of the alerts each incident holds, for correlation. */
  systems(incidentIds: readonly string[]): Promise<Map<string, string[]>>;
  addSystem(incidentId: string, system: string): Promise<void>;
  addSystems(incidentId: string, systems: readonly string[]): Promise<number>;
  /** Incidents alerts of `source` opened in minute `window`. */
  openedIn(source: AlertSource, window: number): Promise<number>;
  /** Counts one more; the new count. */
  noteOpened(source: AlertSource, window: number): Promise<number>;
  floods(): Promise<Map<string, FloodMark>>;
  markFlood(incidentId: string, mark: FloodMark): Promise<void>;
  forgetFloods(incidentIds: readonly string[]): Promise<void>;
}

export function createIngestStore(redis: Redis, keys: Keys): IngestStore {
  return {
    async putBatch(batchId, batch) {
      await redis.set(keys.alertBatch(batchId), JSON.stringify(batch), 'EX', BATCH_TTL_SECONDS);
    },
    async batch(batchId) {
      const raw = await redis.get(keys.alertBatch(batchId));
      return raw ? readStoredBatch(JSON.parse(raw)) : undefined;
    },
    async known(fingerprints) {
      if (fingerprints.length === 0) return new Map();
      const raws = await redis.hmget(keys.alertIndex, ...fingerprints);
      const found = new Map<string, KnownAlert>();
      raws.forEach((raw, index) => {
        const fingerprint = fingerprints[index];
        if (raw && fingerprint) found.set(fingerprint, JSON.parse(raw) as KnownAlert);
      });
      return found;
    },
    async claimSend(fingerprint, status, ttlMs) {
      return (await redis.set(keys.monitorSent(status, fingerprint), '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async record(entries) {
      if (entries.length === 0) return;
      // Each incident's own list first, then the global index that dedups (one transaction in the
      // global slot): a process that dies between them only sees the alerts again as new.
      await Promise.all(
        entries.map(([fingerprint, known]) =>
          redis.hset(keys.incidentAlerts(known.incidentId), fingerprint, known.status),
        ),
      );
      const tx = redis.multi();
      tx.hset(
        keys.alertIndex,
        ...entries.flatMap(([fingerprint, known]) => [fingerprint, JSON.stringify(known)]),
      );
      for (const [, known] of entries) tx.hincrby(keys.alertDeliveries, known.incidentId, 1);
      await tx.exec();
    },
    async lastAlertAt(incidentIds) {
      if (incidentIds.length === 0) return new Map();
      const raws = await redis.hmget(keys.alertLastSeen, ...incidentIds);
      return new Map(
        incidentIds.flatMap((id, index) => (raws[index] ? [[id, Number(raws[index])] as const] : [])),
      );
    },
    async touch(incidentId, atMs) {
      // Keeps the newest time only: out-of-order deliveries must not pull it back.
      await withScripts(redis).warroomHsetMax(keys.alertLastSeen, incidentId, atMs);
    },
    async systems(incidentIds) {
      if (incidentIds.length === 0) return new Map();
      const results = await Promise.all(incidentIds.map((id) => redis.smembers(keys.incidentSystems(id))));
      return new Map(incidentIds.map((id, index) => [id, results[index] ?? []]));
    },
    async addSystem(incidentId, system) {
      await redis.sadd(keys.incidentSystems(incidentId), system);
    },
    async addSystems(incidentId, systems) {
      if (systems.length > 0) await redis.sadd(keys.incidentSystems(incidentId), ...systems);
      return redis.scard(keys.incidentSystems(incidentId));
    },
    async openedIn(source, window) {
      return Number((await redis.get(keys.incidentsOpenedBy(source, window))) ?? 0);
    },
    async noteOpened(source, window) {
      const key = keys.incidentsOpenedBy(source, window);
      const [count] = await Promise.all([redis.incr(key), redis.expire(key, OPENED_COUNT_TTL_SECONDS)]);
      return count;
    },
    async floods() {
      const raw = await redis.hgetall(keys.alertFloods);
      return new Map(Object.entries(raw).map(([id, mark]) => [id, JSON.parse(mark) as FloodMark]));
    },
    async markFlood(incidentId, mark) {
      await redis.hset(keys.alertFloods, incidentId, JSON.stringify(mark));
    },
    async forgetFloods(incidentIds) {
      if (incidentIds.length > 0) await redis.hdel(keys.alertFloods, ...incidentIds);
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
