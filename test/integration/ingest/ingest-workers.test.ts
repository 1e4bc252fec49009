import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import type { IngestDeps } from '../../../src/pipeline/ingest/ingest-deps.js';
import { handleIngest } from '../../../src/pipeline/ingest/ingest-handler.js';
import { createQueueSink } from '../../../src/pipeline/ingest/queue-sink.js';
import { createPlacementStore } from '../../../src/store/placement-store.js';
import { type AmAlert, alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

const SERVICES = 8;
const DELIVERIES = 40;

/** What an ingest worker of this runtime works with (see Runtime.startIngestWorker). */
const depsOf = (rt: TestRuntime): IngestDeps => ({
  ctx: rt.ctx,
  store: rt.ingest,
  placement: createPlacementStore(rt.redis, rt.keys),
});

describe('alert placement with several ingest workers on the real Redis', () => {
  const runtimes: TestRuntime[] = [];
  afterEach(async () => {
    // The first one deletes the prefix: the others close first.
    for (const rt of runtimes.splice(0).reverse()) await rt.dispose();
  });

  /** `workers` runtimes on one prefix, each with its own ingest worker and Redis connections. */
  function start(workers: number, options: { workers: boolean } = { workers: true }) {
    const first = createTestRuntime({
      settings: { correlationWindowSeconds: 300, newIncidentsPerMinute: 60 },
    });
    runtimes.push(first);
    for (let i = 1; i < workers; i++) {
      runtimes.push(
        createTestRuntime({
          prefix: first.prefix,
          settings: { correlationWindowSeconds: 300, newIncidentsPerMinute: 60 },
        }),
      );
    }
    if (options.workers) for (const rt of runtimes) rt.startIngestWorker();
    const sink = createQueueSink(first.ingest, first.ctx.queues);
    const deliver = (alerts: AmAlert[], deliveryId?: string) =>
      sink.accept({
        source: 'alertmanager',
        alerts: normalizeAlertmanager(alertmanagerPayload(alerts)),
        receivedAt: new Date().toISOString(),
        ...(deliveryId ? { deliveryId } : {}),
      });
    const drained = () =>
      waitFor(
        async () => {
          const counts = await first.ctx.queues
            .queue('ingest')
            .getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          return Object.values(counts).every((count) => count === 0) ? true : undefined;
        },
        { timeoutMs: 60_000, what: 'the ingest queue to drain' },
      );
    return { rt: first, deliver, drained };
  }

  it('opens one incident per group and counts every alert when deliveries of the same groups race on 3 workers', async () => {
    const { rt } = start(3, { workers: false });
    const now = Date.now();
    // Every delivery carries every group, all placed at once over three connections: each read
    // happens before any commit, so all of them race to open the same incidents.
    const batchIds = await Promise.all(
      Array.from({ length: DELIVERIES }, async (_, delivery) => {
        const alerts = Array.from({ length: SERVICES }, (_, service) => ({
          service: `svc-${service}`,
          alertname: `Symptom${delivery % 10}`,
          startsAt: new Date(now - (delivery % 10) * 1000),
        }));
        const batchId = `race${delivery}`;
        await rt.ingest.putBatch(batchId, {
          source: 'alertmanager',
          alerts: normalizeAlertmanager(alertmanagerPayload(alerts)),
          receivedAt: new Date().toISOString(),
        });
        return batchId;
      }),
    );
    const workers = runtimes.map(depsOf);
    await Promise.all(
      batchIds.map((batchId, i) => handleIngest(workers[i % workers.length] ?? depsOf(rt), batchId)),
    );
    const tickets = await rt.ctx.tickets.listRecent(100);
    expect(tickets.map((ticket) => ticket.system).sort()).toEqual(
      Array.from({ length: SERVICES }, (_, service) => `svc-${service}`).sort(),
    );
    for (const ticket of tickets) {
      // 10 series a group, each delivered 4 times.
      expect(await rt.ingest.tally(ticket.id)).toEqual({
        total: 10,
        firing: 10,
        resolved: 0,
        deliveries: DELIVERIES,
      });
      expect(ticket.alerts).toHaveLength(10);
      expect(new Set(ticket.alerts).size).toBe(10);
    }
    expect(tickets.map((ticket) => ticket.id).sort()).toEqual(
      Array.from({ length: SERVICES }, (_, i) => `INC-${String(i + 1).padStart(4, '0')}`),
    );
  });

  it('places a resolution that overtakes its firing (placed by another worker process) as if in order: opened, then resolved at source', async () => {
    const { rt } = start(2, { workers: false });
    const startsAt = new Date(Date.now() - 60_000);
    const store = async (batchId: string, alert: AmAlert) => {
      await rt.ingest.putBatch(batchId, {
        source: 'alertmanager',
        alerts: normalizeAlertmanager(alertmanagerPayload([alert])),
        receivedAt: new Date().toISOString(),
      });
      return batchId;
    };
    const firing = await store('firing', { service: 'search', alertname: 'Slow', startsAt });
    const resolved = await store('resolved', {
      service: 'search',
      alertname: 'Slow',
      startsAt,
      status: 'resolved',
      endsAt: new Date(),
    });
    const [one, two] = runtimes.map(depsOf);
    // The resolution is placed first: it opens nothing, and is remembered.
    expect(await handleIngest(two ?? depsOf(rt), resolved)).toMatchObject({ opens: [], ignored: 1 });
    expect(await rt.ctx.tickets.listRecent(10)).toEqual([]);
    const placed = await handleIngest(one ?? depsOf(rt), firing);
    const [ticket] = await rt.ctx.tickets.listRecent(10);
    expect(placed?.opens.map((open) => open.id)).toEqual([ticket?.id]);
    expect(await rt.ingest.tally(ticket?.id ?? '')).toMatchObject({ total: 1, firing: 0, resolved: 1 });
    expect(ticket).toMatchObject({ system: 'search', status: 'Resolved' });
    expect(ticket?.resolution).toMatch(/resolved at source: all 1 alert/);
  });

  it('redoes only the writes of a delivery whose job runs again after its placement was committed', async () => {
    const { rt, deliver, drained } = start(1);
    await deliver([{ service: 'checkout', alertname: 'Errors', startsAt: new Date() }], 'delivery-1');
    await drained();
    const [ticket] = await rt.ctx.tickets.listRecent(10);
    const batchId = (await rt.ctx.queues.queue('ingest').getCompleted())[0]?.data.batchId as string;
    const again = await handleIngest(depsOf(rt), batchId);
    expect(again?.opens.map((open) => open.id)).toEqual([ticket?.id]);
    expect(await rt.ctx.tickets.listRecent(10)).toHaveLength(1);
    expect(await rt.ingest.tally(ticket?.id ?? '')).toMatchObject({ total: 1, deliveries: 1 });
    const opened = (await rt.ctx.timeline.read(ticket?.id ?? '')).filter(
      (entry) => entry.type === 'incident.opened',
    );
    expect(opened).toHaveLength(1);
  });
});
