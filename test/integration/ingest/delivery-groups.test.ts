import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import type { IngestDeps } from '../../../src/pipeline/ingest/ingest-deps.js';
import { handleIngest, placeDeliveries } from '../../../src/pipeline/ingest/ingest-handler.js';
import { createPlacementStore } from '../../../src/store/placement-store.js';
import { type AmAlert, alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

describe('deliveries one ingest worker holds at once, placed as one group on the real Redis', () => {
  let rt: TestRuntime;
  let deps: IngestDeps;
  afterEach(async () => {
    await rt.dispose();
  });

  function start() {
    rt = createTestRuntime({ settings: { correlationWindowSeconds: 300, newIncidentsPerMinute: 60 } });
    deps = { ctx: rt.ctx, store: rt.ingest, placement: createPlacementStore(rt.redis, rt.keys) };
    let placements = 0;
    const commit = deps.placement.commit;
    deps.placement = {
      ...deps.placement,
      commit: (...args) => {
        placements += 1;
        return commit(...args);
      },
    };
    return { commits: () => placements };
  }

  async function store(batchId: string, alerts: AmAlert[]): Promise<string> {
    await rt.ingest.putBatch(batchId, {
      source: 'alertmanager',
      alerts: normalizeAlertmanager(alertmanagerPayload(alerts)),
      receivedAt: new Date().toISOString(),
    });
    return batchId;
  }

  it('places them in one commit, in the order given, as if one after the other', async () => {
    const { commits } = start();
    const startsAt = new Date(Date.now() - 60_000);
    const ids = [
      await store('first', [{ service: 'checkout', alertname: 'Errors', startsAt }]),
      await store('second', [
        { service: 'checkout', alertname: 'Latency', startsAt },
        { service: 'search', alertname: 'Slow', startsAt },
      ]),
      // The first delivery's series resolves in the third.
      await store('third', [
        { service: 'checkout', alertname: 'Errors', startsAt, status: 'resolved', endsAt: new Date() },
      ]),
    ];
    const { placed, failures } = await placeDeliveries(deps, ids);
    expect(commits()).toBe(1);
    expect(failures.size).toBe(0);
    const tickets = await rt.ctx.tickets.listRecent(10);
    expect(tickets.map((ticket) => ticket.system).sort()).toEqual(['checkout', 'search']);
    const checkout = tickets.find((ticket) => ticket.system === 'checkout');
    expect(await rt.ingest.tally(checkout?.id ?? '')).toEqual({
      total: 2,
      firing: 1,
      resolved: 1,
      deliveries: 3,
    });
    expect(checkout?.alerts).toHaveLength(2);
    // Every delivery of the group answers with the group's placement.
    const [one, two, three] = ids.map((id) => placed.get(id));
    expect(one?.opens.map((open) => open.system).sort()).toEqual(['checkout', 'search']);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });

  it("redoes the group's writes for a delivery of it whose job runs again, and places nothing twice, its batch gone", async () => {
    const { commits } = start();
    const ids = [
      await store('a', [{ service: 'payments', alertname: 'Errors', startsAt: new Date() }]),
      await store('b', [{ service: 'payments', alertname: 'Timeouts', startsAt: new Date() }]),
    ];
    const { placed } = await placeDeliveries(deps, ids);
    // Placed and written: the batches go, the placement answers for them.
    expect(await rt.redis.exists(rt.keys.alertBatch('a'), rt.keys.alertBatch('b'))).toBe(0);
    const again = await handleIngest(deps, 'b');
    expect(again).toEqual(placed.get('a'));
    expect(commits()).toBe(1);
    const tickets = await rt.ctx.tickets.listRecent(10);
    expect(tickets).toHaveLength(1);
    expect(await rt.ingest.tally(tickets[0]?.id ?? '')).toMatchObject({ total: 2, deliveries: 2 });
    const opened = (await rt.ctx.timeline.read(tickets[0]?.id ?? '')).filter(
      (entry) => entry.type === 'incident.opened',
    );
    expect(opened).toHaveLength(1);
  });

  it('writes nothing for a group one of whose deliveries another worker placed meanwhile, and asks for a retry', async () => {
    start();
    const id = await store('handed-back', [{ service: 'search', alertname: 'Slow', startsAt: new Date() }]);
    const read = await deps.placement.read('alertmanager', 0, []);
    // Its job was handed back at shutdown and placed elsewhere while this worker still held it.
    const elsewhere = await handleIngest(deps, id);
    const nothing = {
      placed: { opens: [], updates: [], touched: [], held: [], ignored: 0 },
      heads: new Map(),
      openedCount: 0,
      newGroups: 0,
      reliesOnReach: false,
    };
    const stand = { nonce: 'late', source: 'alertmanager' as const, window: 0, nowMs: Date.now() };
    expect(await deps.placement.commit([id], read, nothing, stand)).toBe('placed-elsewhere');
    expect((await deps.placement.placed(id))?.placed).toEqual(elsewhere);
    expect(await rt.ctx.tickets.listRecent(10)).toHaveLength(1);
  });

  it('fails only the delivery whose stored batch cannot be read; the rest are placed', async () => {
    start();
    const good = await store('good', [{ service: 'search', alertname: 'Slow', startsAt: new Date() }]);
    await rt.redis.set(
      rt.keys.alertBatch('unreadable'),
      JSON.stringify({ source: 'carrier-pigeon', alerts: [] }),
    );
    const { placed, failures } = await placeDeliveries(deps, ['unreadable', good, 'gone']);
    expect([...failures.keys()]).toEqual(['unreadable']);
    expect(placed.get(good)?.opens.map((open) => open.system)).toEqual(['search']);
    // A batch no longer stored (expired) is nothing to place, and no failure.
    expect(placed.has('gone')).toBe(false);
    await expect(handleIngest(deps, 'unreadable')).rejects.toThrow();
  });
});
