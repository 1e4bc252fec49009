import type { AlertSource } from '../ingest/alert.js';
import type { KnownAlert } from '../ingest/correlate.js';
import { FLOOD_WINDOW_MS, type FloodMark } from '../ingest/flood.js';
import { inIncident } from '../ingest/place-batch.js';
import type { IncidentHead, PlacedBatch, PlacementPlan, PlacementState } from '../ingest/placement-types.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

/** A placed delivery is kept well past its job's last retry (10 attempts, about 3 minutes of backoff). */
const PLACED_TTL_SECONDS = 3600;
/** The record of a delivery placed after the first of its group: this, then that first one's id (its record holds the placement). */
const GROUP_POINTER = '@';
/** A minute's count outlives its minute a little, then goes. */
const OPENED_COUNT_TTL_SECONDS = (2 * FLOOD_WINDOW_MS) / 1000;

/** The state a placement read and what its commit checks: both counters and each series as read. */
export interface PlacementRead {
  state: PlacementState;
  structure: string;
  reach: string;
  /** Raw alert-index value per fingerprint ('' when absent), compared again by the commit. */
  seriesRaw: Map<string, string>;
  /** Open incidents whose diagnosis is not queued yet (see resumeStrandedDiagnoses). */
  opening: ReadonlySet<string>;
}

/**
 * The correlation state alert placement reads and writes, all under the global hash tag, so each
 * read and each commit is one script on one node (a Redis Cluster too). Placement is optimistic:
 * any number of ingest workers read, place in memory, and commit only if nothing they relied on
 * changed meanwhile; the loser places its delivery again. No lease, so workers place in parallel.
 */
export interface PlacementStore {
  read(source: AlertSource, window: number, fingerprints: readonly string[]): Promise<PlacementRead>;
  /**
   * The committed deliveries (placed as one, in the order given) with real incident ids;
   * `conflict` when the state moved (place again); `placed-elsewhere` when one of them was placed
   * meanwhile by another worker (nothing is written: the jobs retry, and find their placements).
   */
  commit(
    batchIds: readonly [string, ...string[]],
    read: PlacementRead,
    plan: PlacementPlan,
    stand: {
      nonce: string;
      source: AlertSource;
      window: number;
      nowMs: number;
      /** How many of the group's deliveries carried each series (1 when absent). */
      deliveriesOf?: ReadonlyMap<string, number>;
    },
  ): Promise<PlacedBatch | 'conflict' | 'placed-elsewhere'>;
  /**
   * A delivery already committed (its job is running again), with the deliveries placed together
   * with it (`groupId` names the group: the first of them).
   */
  placed(batchId: string): Promise<{ groupId: string; placed: PlacedBatch } | undefined>;
  /** Heads of open incidents placement has none of (opened by /inject, or before heads were kept). */
  keepHeads(heads: ReadonlyMap<string, IncidentHead>): Promise<void>;
  /** Open incidents whose diagnosis is not queued yet. */
  opening(): Promise<Set<string>>;
}

/**
 * Early resolutions the commit writes (`early`: indexed by when, for the retention sweep to forget)
 * and those whose firing came and made them an incident's series (`settled`: out of that index).
 */
function earlyChanges(read: PlacementRead, placed: PlacementPlan['placed']) {
  const early: string[] = [];
  const settled: string[] = [];
  for (const [fingerprint, series] of placed.updates) {
    if (!inIncident(series)) early.push(fingerprint);
    else {
      const before = read.state.known.get(fingerprint);
      if (before && !inIncident(before)) settled.push(fingerprint);
    }
  }
  return { early, settled };
}

const pairs = (flat: readonly string[]) =>
  Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i] ?? '', flat[2 * i + 1] ?? ''] as const);

export function createPlacementStore(redis: Redis, keys: Keys): PlacementStore {
  const scripts = withScripts(redis);
  return {
    async read(source, window, fingerprints) {
      const reply = (await scripts.warroomPlacementRead(
        keys.ingestPlacement,
        keys.openIncidents,
        keys.ingestHeads,
        keys.alertLastSeen,
        keys.alertFloods,
        keys.incidentsOpenedBy(source, window),
        keys.alertIndex,
        keys.ingestOpening,
        ...fingerprints,
      )) as [
        string,
        string,
        string[],
        (string | null)[],
        (string | null)[],
        string[],
        string,
        (string | null)[],
        string[],
      ];
      const [structure, reach, openIds, heads, lastSeen, floods, opened, series, opening] = reply;
      const seriesRaw = new Map(fingerprints.map((fingerprint, i) => [fingerprint, series[i] ?? '']));
      const known = new Map<string, KnownAlert>();
      for (const [fingerprint, raw] of seriesRaw)
        if (raw) known.set(fingerprint, JSON.parse(raw) as KnownAlert);
      const at = <T>(values: (string | null)[], parse: (raw: string) => T) =>
        new Map(openIds.flatMap((id, i) => (values[i] ? [[id, parse(values[i] as string)] as const] : [])));
      return {
        structure,
        reach,
        seriesRaw,
        opening: new Set(opening),
        state: {
          known,
          openIds,
          heads: at(heads, (raw) => JSON.parse(raw) as IncidentHead),
          lastSeen: at(lastSeen, Number),
          floods: new Map(pairs(floods).map(([id, mark]) => [id, JSON.parse(mark) as FloodMark])),
          openedThisWindow: Number(opened),
        },
      };
    },

    async commit(batchIds, read, plan, stand) {
      const [first, ...others] = batchIds;
      const { placed } = plan;
      const deliveries = new Map<string, number>();
      for (const [fingerprint, series] of placed.updates)
        if (inIncident(series))
          deliveries.set(
            series.incidentId,
            (deliveries.get(series.incidentId) ?? 0) + (stand.deliveriesOf?.get(fingerprint) ?? 1),
          );
      const writes = {
        series: placed.updates.map(([fingerprint, series]) => [fingerprint, JSON.stringify(series)]),
        deliveries: [...deliveries],
        lastSeen: placed.touched.map((touched) => [touched.incidentId, String(touched.lastAtMs)]),
        heads: [...plan.heads].map(([id, head]) => [id, JSON.stringify(head)]),
        floods: placed.opens.flatMap((open) => (open.flood ? [[open.id, JSON.stringify(open.flood)]] : [])),
        opened: plan.openedCount,
        ...earlyChanges(read, placed),
      };
      const placedText = JSON.stringify(placed);
      const stateKeys = [
        keys.ingestPlacement,
        keys.alertIndex,
        keys.alertDeliveries,
        keys.alertLastSeen,
        keys.ingestHeads,
        keys.openIncidents,
        keys.alertFloods,
        keys.incidentSequence,
        keys.incidentsOpenedBy(stand.source, stand.window),
        keys.ingestPlaced(first),
        keys.ingestOpening,
        keys.earlyResolutions,
      ];
      const groupKeys = others.map((batchId) => keys.ingestPlaced(batchId));
      const reply = (await scripts.warroomPlacementCommit(
        stateKeys.length + groupKeys.length,
        ...stateKeys,
        ...groupKeys,
        read.structure,
        plan.reliesOnReach ? read.reach : '',
        String(stand.nowMs),
        String(OPENED_COUNT_TTL_SECONDS),
        String(placed.opens.length),
        stand.nonce,
        // Every series read, written or not: an ignored resolution relied on its series being absent.
        JSON.stringify([...read.seriesRaw]),
        JSON.stringify(writes),
        String(PLACED_TTL_SECONDS),
        placedText,
        `${GROUP_POINTER}${first}`,
      )) as [number, string[]?];
      if (reply[0] === 2) return 'placed-elsewhere';
      if (reply[0] !== 1 || !reply[1]) return 'conflict';
      const ids = reply[1];
      // The stored copy got the same ids in the script: the placement is not sent back.
      const standIn = new RegExp(`<new:${stand.nonce}:(\\d+)>`, 'g');
      return JSON.parse(placedText.replace(standIn, (_, n: string) => ids[Number(n)] ?? '')) as PlacedBatch;
    },

    async placed(batchId) {
      const raw = await redis.get(keys.ingestPlaced(batchId));
      if (!raw?.startsWith(GROUP_POINTER))
        return raw ? { groupId: batchId, placed: JSON.parse(raw) } : undefined;
      const groupId = raw.slice(GROUP_POINTER.length);
      const text = await redis.get(keys.ingestPlaced(groupId));
      return text ? { groupId, placed: JSON.parse(text) as PlacedBatch } : undefined;
    },

    async opening() {
      return new Set(await redis.hkeys(keys.ingestOpening));
    },

    async keepHeads(heads) {
      await Promise.all(
        [...heads].map(([id, head]) => redis.hsetnx(keys.ingestHeads, id, JSON.stringify(head))),
      );
    },
  };
}
