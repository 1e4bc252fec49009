import { z } from 'zod';
import type { ServiceDirectory } from '../../domain/ports.js';
import { silenceNote } from '../../domain/silence.js';
import { cleanSystemName } from '../../domain/system-name.js';
import { RetryableError } from '../../errors.js';
import type { Alert } from '../../ingest/alert.js';
import type { AlertBatch } from '../../ingest/alert-batch.js';
import {
  type CorrelationCandidate,
  eventTimeMs,
  type KnownAlert,
  type LinkTest,
  linkedIn,
  placeAlert,
} from '../../ingest/correlate.js';
import { namesOf, systemFromLabels, UNKNOWN_SYSTEM } from '../../ingest/system.js';
import { withLease } from '../../store/lease.js';
import type { TicketHead } from '../../store/ticket-store.js';
import { QUEUE_NAMES } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';
import { openIncident, resumeDiagnoses } from '../open-incident.js';
import { applyBatchEffects, type BatchEffects, type TouchedIncident } from './batch-effects.js';
import { openFloodGate } from './flood-gate.js';
import type { IngestDeps } from './ingest-deps.js';
import { silenceGate } from './silence-gate.js';

const LEASE_MS = 30_000;

/** Open incidents alerts may join by correlation (alert floods are not among them). */
async function candidatesFrom(
  deps: IngestDeps,
  isFlood: (incidentId: string) => boolean,
  openHeads: readonly TicketHead[],
): Promise<CorrelationCandidate[]> {
  const open = openHeads.filter((ticket) => !isFlood(ticket.id));
  const ids = open.map((ticket) => ticket.id);
  const [lastAt, systems] = await Promise.all([deps.store.lastAlertAt(ids), deps.store.systems(ids)]);
  return open.map((ticket) => ({
    incidentId: ticket.id,
    systems: [...new Set([ticket.system, ...(systems.get(ticket.id) ?? [])])],
    lastAlertAtMs: lastAt.get(ticket.id) ?? Date.parse(ticket.createdAt),
  }));
}

function newSeries(incidentId: string, alert: Alert): KnownAlert {
  return { incidentId, status: alert.status, eventAtMs: eventTimeMs(alert), count: 1 };
}

/**
 * Places every alert of a delivery: redeliveries update their series, related alerts join an
 * open incident, the rest open incidents (or, past the per-minute limit of their source, fold into
 * one alert-flood incident). One batch at a time across all workers (a lease), so two deliveries
 * racing can never open two incidents for one correlation group.
 */
export async function handleIngest(deps: IngestDeps, batchId: string): Promise<BatchEffects | undefined> {
  const stored = await deps.store.batch(batchId);
  if (!stored) return undefined;
  const { batch, dropped } = stored;
  if (dropped > 0) {
    deps.ctx.logger.warn(
      { batchId, source: batch.source, dropped },
      'ingest dropped alerts that fail the schema',
    );
  }
  const outcome = await withLease(deps.redis, deps.leaseKey, LEASE_MS, () => placeBatch(deps, batch));
  if (!outcome.ran) throw new RetryableError('conflict', 'Another ingest worker holds the lease');
  return outcome.value;
}

async function placeBatch(deps: IngestDeps, batch: AlertBatch): Promise<BatchEffects> {
  const { ctx } = deps;
  const windowMs = ctx.settings.correlationWindowSeconds * 1000;
  const fingerprints = [...new Set(batch.alerts.map((alert) => alert.fingerprint))];
  const known = await deps.store.known(fingerprints);
  // Duplicates take no alerts: neither by correlation nor as the open incident of a series.
  const openHeads = (await ctx.tickets.listOpenHeads()).filter((ticket) => ticket.status !== 'Duplicate');
  const openIds = new Set(openHeads.map((ticket) => ticket.id));
  const floods = await openFloodGate(deps, batch.source, openIds);
  const candidates = await candidatesFrom(deps, floods.isFlood, openHeads);
  const effects: BatchEffects = { updates: new Map(), touched: new Map(), opened: [], ignored: 0 };

  const linked = linkTestOf(ctx.directory);
  for (const alert of batch.alerts.map((received) => withEstateSystem(ctx.directory, received))) {
    const previous = known.get(alert.fingerprint);
    // A series that fires again after its incident closed is a new occurrence, not a redelivery.
    const stillOpen =
      previous === undefined ||
      openIds.has(previous.incidentId) ||
      alert.status === 'resolved' ||
      eventTimeMs(alert) <= previous.eventAtMs;
    const placement = placeAlert(alert, stillOpen ? previous : undefined, candidates, windowMs, linked);
    const at = eventTimeMs(alert);
    if (placement.kind === 'ignore') {
      effects.ignored += 1;
      continue;
    }
    let incidentId: string;
    let series: KnownAlert;
    let folded = false;
    if (placement.kind === 'redelivery') {
      const previous = known.get(alert.fingerprint) as KnownAlert;
      incidentId = placement.incidentId;
      series = placement.apply
        ? { ...previous, status: alert.status, eventAtMs: at, count: previous.count + 1 }
        : { ...previous, count: previous.count + 1 };
    } else if (placement.kind === 'correlate') {
      incidentId = placement.incidentId;
      series = newSeries(incidentId, alert);
    } else {
      const silence = await silenceGate(ctx, alert);
      if (silence.kind === 'hold') {
        effects.ignored += 1;
        continue;
      }
      const admission = await floods.admit(alert, at);
      if (admission.kind === 'fold') {
        incidentId = admission.incidentId;
        folded = true;
      } else {
        await floods.noteOpened();
        const ticket = await openIncident(ctx, {
          system: alert.system,
          issue: alert.issue,
          sev: alert.severity,
          source: alert.labels.origin === 'monitor' ? 'monitor' : 'alert',
          channel: ctx.settings.incidentChannel,
          alerts: [alert.fingerprint],
          ...(silence.kind === 'open-silenced' ? { silenced: silenceNote(silence.silence) } : {}),
        });
        incidentId = ticket.id;
        effects.opened.push(incidentId);
        candidates.push({ incidentId, systems: [alert.system], lastAlertAtMs: at });
      }
      series = newSeries(incidentId, alert);
      openIds.add(incidentId);
    }
    known.set(alert.fingerprint, series);
    effects.updates.set(alert.fingerprint, series);
    const touched: TouchedIncident = effects.touched.get(incidentId) ?? {
      added: [],
      reasons: new Set(),
      systems: new Set(),
      folded: new Set(),
      resolved: false,
      lastAtMs: 0,
    };
    if (placement.kind === 'correlate') {
      touched.added.push(alert.fingerprint);
      touched.reasons.add(placement.reason);
    }
    if (folded) touched.folded.add(alert.system);
    if (folded || floods.isFlood(incidentId)) floods.noteFolded(incidentId, alert.system, at);
    if (series.status === 'resolved') touched.resolved = true;
    touched.lastAtMs = Math.max(touched.lastAtMs, at);
    effects.touched.set(incidentId, touched);
    const candidate = candidates.find((entry) => entry.incidentId === incidentId);
    if (candidate) {
      candidate.lastAlertAtMs = Math.max(candidate.lastAlertAtMs, at);
      if (!candidate.systems.includes(alert.system)) {
        candidate.systems.push(alert.system);
        touched.systems.add(alert.system);
      }
    }
  }
  await applyBatchEffects(deps, effects);
  await resumeDiagnoses(
    ctx,
    openHeads
      .filter((ticket) => ticket.status === 'Diagnosing' && effects.touched.has(ticket.id))
      .map((ticket) => ticket.id),
  );
  return effects;
}

/** The directory's graph (the catalog's, or the simulated estate's), names and aliases resolved. */
function linkTestOf(directory: ServiceDirectory): LinkTest {
  const graphLinked = linkedIn(directory.graph());
  const name = (system: string) => directory.resolve(system) ?? system;
  return (a, b) => graphLinked(name(a), name(b));
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
function withEstateSystem(directory: ServiceDirectory, alert: Alert): Alert {
  const names = namesOf((name) => directory.resolve(name));
  const own = names.known(cleanSystemName(alert.system));
  const system =
    own ?? (NAMED_BY_SOURCE.has(alert.source) ? alert.system : systemFromLabels(alert.labels, names));
  return system === UNKNOWN_SYSTEM || system === alert.system ? alert : { ...alert, system };
}

/** One webhook delivery's alerts, kept in Redis by the web role: the job carries only the batch id. */
export const ingestJob = defineJob({
  name: 'ingest',
  queue: QUEUE_NAMES.ingest,
  input: z.object({ batchId: z.string().regex(/^[A-Za-z0-9_-]+$/) }),
  options: { attempts: 10, backoff: { type: 'exponential', delay: 200 } },
  run: async (deps: IngestDeps, { batchId }) => {
    await handleIngest(deps, batchId);
  },
});
