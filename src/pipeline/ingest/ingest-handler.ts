import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ServiceDirectory } from '../../domain/ports.js';
import { type Silence, silenceVerdict } from '../../domain/silence.js';
import { cleanSystemName } from '../../domain/system-name.js';
import { RetryableError } from '../../errors.js';
import type { Alert, AlertSource } from '../../ingest/alert.js';
import { type LinkTest, linkedIn } from '../../ingest/correlate.js';
import { floodWindowOf } from '../../ingest/flood.js';
import { placeBatch } from '../../ingest/place-batch.js';
import type { IncidentHead, PlacedBatch } from '../../ingest/placement-types.js';
import { namesOf, systemFromLabels, UNKNOWN_SYSTEM } from '../../ingest/system.js';
import type { PlacementRead } from '../../store/placement-store.js';
import { QUEUE_NAMES } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';
import { applyPlacedBatch } from './batch-effects.js';
import { createDeliveryGroups, type DeliveryGroups } from './delivery-groups.js';
import type { IngestDeps } from './ingest-deps.js';

/** Placements that lose to other workers' commits before the job backs off and tries later. */
const MAX_PLACEMENTS = 50;

/** Each ingest worker's groups of deliveries, made on its first delivery. */
const groupsOf = new WeakMap<IngestDeps, DeliveryGroups>();

function groups(deps: IngestDeps): DeliveryGroups {
  let found = groupsOf.get(deps);
  if (!found) {
    found = createDeliveryGroups(async (batchIds) => (await placeDeliveries(deps, batchIds)).failures);
    groupsOf.set(deps, found);
  }
  return found;
}

/** One delivery placed alone (see placeDeliveries); undefined when its batch is gone. */
export async function handleIngest(deps: IngestDeps, batchId: string): Promise<PlacedBatch | undefined> {
  const { placed, failures } = await placeDeliveries(deps, [batchId]);
  if (failures.has(batchId)) throw failures.get(batchId);
  return placed.get(batchId);
}

interface DeliveriesPlaced {
  /** Each delivery's placement: the whole group's it was placed with. */
  placed: Map<string, PlacedBatch>;
  /** Deliveries whose stored batch could not be read: they fail alone. */
  failures: Map<string, unknown>;
}

/**
 * Places every alert of the deliveries (see placeBatch), those of one source together, in the
 * order given, and writes what follows. Any number of workers do this at once: each commit goes
 * through only if the correlation state it was placed against is unchanged, so two groups racing
 * can never open two incidents for one correlation group. A delivery already committed (its job
 * runs again) only has its group's writes redone.
 */
export async function placeDeliveries(
  deps: IngestDeps,
  batchIds: readonly string[],
): Promise<DeliveriesPlaced> {
  const result: DeliveriesPlaced = { placed: new Map(), failures: new Map() };
  const reads = await Promise.all(
    batchIds.map(async (batchId) => {
      const [already, stored] = await Promise.all([
        deps.placement.placed(batchId),
        deps.store.batch(batchId).catch((error: unknown) => {
          result.failures.set(batchId, error);
          return undefined;
        }),
      ]);
      return { batchId, already, stored };
    }),
  );
  const redone = new Map<string, PlacedBatch>();
  const fresh = new Map<AlertSource, DeliveryGroup>();
  for (const { batchId, already, stored } of reads) {
    if (already) {
      result.failures.delete(batchId);
      result.placed.set(batchId, already.placed);
      redone.set(already.groupId, already.placed);
    } else if (stored) {
      const { batch, dropped } = stored;
      if (dropped > 0) {
        deps.ctx.logger.warn(
          { batchId, source: batch.source, dropped },
          'ingest dropped alerts that fail the schema',
        );
      }
      let group = fresh.get(batch.source);
      if (group) group.batchIds.push(batchId);
      else {
        group = { batchIds: [batchId], alerts: [], deliveriesOf: new Map() };
        fresh.set(batch.source, group);
      }
      joinGroup(group, batch.alerts);
    }
  }
  if (redone.size > 0) {
    const opening = await deps.placement.opening();
    for (const placed of redone.values()) await applyPlacedBatch(deps, placed, opening);
  }
  for (const [source, group] of fresh) {
    const { placed, opening } = await placeUntilCommitted(deps, source, group);
    for (const batchId of group.batchIds) result.placed.set(batchId, placed);
    await applyPlacedBatch(deps, placed, opening);
  }
  // Written in full: a storm's batches need not wait out their day in Redis.
  await deps.store.dropBatches([...result.placed.keys()]);
  return result;
}

/** Deliveries of one source placed together: their alerts in order, and how many carried each series. */
interface DeliveryGroup {
  batchIds: [string, ...string[]];
  alerts: Alert[];
  deliveriesOf: Map<string, number>;
}

function joinGroup(group: DeliveryGroup, alerts: readonly Alert[]): void {
  const carried = new Set<string>();
  for (const alert of alerts) {
    group.alerts.push(alert);
    carried.add(alert.fingerprint);
  }
  for (const fingerprint of carried)
    group.deliveriesOf.set(fingerprint, (group.deliveriesOf.get(fingerprint) ?? 0) + 1);
}

async function placeUntilCommitted(
  deps: IngestDeps,
  source: AlertSource,
  { batchIds, alerts: received, deliveriesOf }: DeliveryGroup,
): Promise<{ placed: PlacedBatch; opening: ReadonlySet<string> }> {
  const { ctx } = deps;
  const inEstate = withEstateSystem(ctx.directory);
  const alerts = received.map(inEstate);
  const fingerprints = [...new Set(alerts.map((alert) => alert.fingerprint))];
  const linked = linkTestOf(ctx.directory);
  for (let attempt = 0; attempt < MAX_PLACEMENTS; attempt++) {
    const now = ctx.now();
    const nowMs = now.getTime();
    const window = floodWindowOf(nowMs);
    const read = await withAllHeads(deps, await deps.placement.read(source, window, fingerprints));
    const nonce = randomBytes(6).toString('hex');
    const place = (silences: readonly Silence[]) =>
      placeBatch(alerts, read.state, {
        source,
        window,
        windowMs: ctx.settings.correlationWindowSeconds * 1000,
        limitPerMinute: ctx.settings.newIncidentsPerMinute,
        linked,
        nowMs,
        newId: (index) => `<new:${nonce}:${index}>`,
        silence: (alert) => silenceVerdict(alert, silences, now),
      });
    // Silences matter only to alerts that would open an incident: read them only then.
    const first = place([]);
    const plan = first.newGroups > 0 ? place(await ctx.silences.active(now)) : first;
    const stand = { nonce, source, window, nowMs, deliveriesOf };
    const placed = await deps.placement.commit(batchIds, read, plan, stand);
    if (placed === 'placed-elsewhere') {
      throw new RetryableError('conflict', 'Another ingest worker placed a delivery of this group meanwhile');
    }
    ctx.metrics?.countPlacement(placed === 'conflict' ? 'conflict' : 'committed');
    if (placed !== 'conflict') return { placed, opening: read.opening };
  }
  throw new RetryableError('conflict', 'Other ingest workers kept changing the correlation state');
}

/**
 * Open incidents placement keeps no head of (opened by /inject or the monitor, or before heads
 * were kept) get one from their ticket, once.
 */
async function withAllHeads(deps: IngestDeps, read: PlacementRead): Promise<PlacementRead> {
  const missing = read.state.openIds.filter((id) => !read.state.heads.has(id));
  if (missing.length === 0) return read;
  const [tickets, systems] = await Promise.all([
    Promise.all(missing.map((id) => deps.ctx.tickets.get(id))),
    deps.store.systems(missing),
  ]);
  const found = new Map<string, IncidentHead>();
  for (const ticket of tickets) {
    if (!ticket) continue;
    const createdAtMs = Date.parse(ticket.createdAt);
    found.set(ticket.id, { system: ticket.system, createdAtMs, systems: systems.get(ticket.id) ?? [] });
  }
  await deps.placement.keepHeads(found);
  return { ...read, state: { ...read.state, heads: new Map([...read.state.heads, ...found]) } };
}

/**
 * The directory's graph (the catalog's, or the simulated estate's), names and aliases resolved.
 * Each pair is walked once per delivery: a delivery asks about the same few pairs again and again.
 */
function linkTestOf(directory: ServiceDirectory): LinkTest {
  const graphLinked = linkedIn(directory.graph());
  const name = (system: string) => directory.resolve(system) ?? system;
  const known = new Map<string, boolean>();
  return (a, b) => {
    const pair = `${a}\u0000${b}`;
    let linked = known.get(pair);
    if (linked === undefined) {
      linked = graphLinked(name(a), name(b));
      known.set(pair, linked);
    }
    return linked;
  };
}

/** Labels read for a service: alert sources whose normalizer names the service by other means keep it. */
const NAMED_BY_SOURCE: ReadonlySet<Alert['source']> = new Set(['generic', 'kubernetes']);

/**
 * An alert's service in the estate's own names. Normalizers know no estate (they name the first
 * service-like label); here the directory (the catalog's names and aliases, or the simulation's
 * own) maps it: the normalizer's name when the estate knows it, else the first label it knows.
 * Generic and Kubernetes alerts name their service themselves and keep it when it is unknown. A
 * real service is never renamed to a simulated alias: with a catalog, the simulation only
 * answers for `sim:<name>`.
 */
function withEstateSystem(directory: ServiceDirectory): (alert: Alert) => Alert {
  const names = namesOf((name) => directory.resolve(name));
  return (alert) => {
    const own = names.known(cleanSystemName(alert.system));
    const system =
      own ?? (NAMED_BY_SOURCE.has(alert.source) ? alert.system : systemFromLabels(alert.labels, names));
    return system === UNKNOWN_SYSTEM || system === alert.system ? alert : { ...alert, system };
  };
}

/** One webhook delivery's alerts, kept in Redis by the web role: the job carries only the batch id. */
export const ingestJob = defineJob({
  name: 'ingest',
  queue: QUEUE_NAMES.ingest,
  input: z.object({ batchId: z.string().regex(/^[A-Za-z0-9_-]+$/) }),
  options: { attempts: 10, backoff: { type: 'exponential', delay: 200 } },
  run: async (deps: IngestDeps, { batchId }) => {
    await groups(deps).place(batchId);
  },
});
