import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/ingest/alert.js';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import { createQueueSink } from '../../../src/pipeline/ingest/queue-sink.js';
import { type AmAlert, alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

const T0 = new Date('2026-11-22T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('alert ingestion on the real Redis', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  function start(options: { diagnose?: boolean } = {}) {
    runtime = createTestRuntime({ settings: { correlationWindowSeconds: 300 } });
    if (options.diagnose !== false) runtime.startIncidentWorker({ concurrency: 8 });
    runtime.startIngestWorker();
    const sink = createQueueSink(runtime.ingest, runtime.ctx.queues);
    const deliver = async (alerts: AmAlert[], deliveryId?: string) => {
      const normalized: Alert[] = normalizeAlertmanager(alertmanagerPayload(alerts));
      await sink.accept({
        source: 'alertmanager',
        alerts: normalized,
        receivedAt: new Date().toISOString(),
        ...(deliveryId ? { deliveryId } : {}),
      });
    };
    return { runtime, deliver };
  }

  async function settled(rt: TestRuntime) {
    const queue = rt.ctx.queues.queue('ingest');
    await waitFor(async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
      return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0 ? true : undefined;
    });
  }

  it('treats a redelivered alert as the same series: one incident, the count goes up', async () => {
    const { runtime: rt, deliver } = start();
    const alert = { service: 'checkout', alertname: 'HighErrorRate', startsAt: minutes(0) };
    await deliver([alert]);
    await deliver([alert]);
    await deliver([alert]);
    await settled(rt);
    const recent = await rt.ctx.tickets.listRecent(10);
    expect(recent).toHaveLength(1);
    const tally = await rt.ingest.tally(recent[0]?.id ?? '');
    expect(tally).toMatchObject({ total: 1, firing: 1, deliveries: 3 });
  });

  it('ignores a stale firing that arrives after its resolution (out-of-order delivery)', async () => {
    const { runtime: rt, deliver } = start();
    await deliver([{ service: 'search', alertname: 'Slow', startsAt: minutes(0) }]);
    await deliver([
      { service: 'search', alertname: 'Slow', status: 'resolved', startsAt: minutes(0), endsAt: minutes(3) },
    ]);
    await deliver([{ service: 'search', alertname: 'Slow', startsAt: minutes(0) }]);
    await settled(rt);
    const [ticket] = await rt.ctx.tickets.listRecent(10);
    expect(await rt.ctx.tickets.listRecent(10)).toHaveLength(1);
    expect(await rt.ingest.tally(ticket?.id ?? '')).toMatchObject({ firing: 0, resolved: 1 });
  });

  it('joins alerts on linked services within the window, with the reason; opens anew outside it', async () => {
    // No crew: on the healthy simulated estate, triage would close the database alert as a false
    // positive, and whether that lands before the next delivery is a race this test is not about.
    const { runtime: rt, deliver } = start({ diagnose: false });
    await deliver([
      { service: 'database', alertname: 'PoolExhausted', startsAt: minutes(0), severity: 'critical' },
    ]);
    await deliver([{ service: 'api', alertname: 'LatencyHigh', startsAt: minutes(2) }]);
    await deliver([{ service: 'network', alertname: 'PacketLoss', startsAt: minutes(30) }]);
    await deliver([{ service: 'billing', alertname: 'Errors', startsAt: minutes(2) }]);
    await settled(rt);
    const tickets = await rt.ctx.tickets.listRecent(10);
    expect(tickets.map((ticket) => ticket.system).sort()).toEqual(['billing', 'database', 'network']);
    const database = tickets.find((ticket) => ticket.system === 'database');
    expect(database?.alerts).toHaveLength(2);
    const timeline = await rt.ctx.timeline.read(database?.id ?? '');
    const joined = timeline.find((entry) => entry.type === 'alerts.correlated');
    expect(joined?.data.reasons).toEqual(['api and database are linked in the dependency graph']);
  });

  const twoAlerts = [
    { service: 'payments', alertname: 'Errors', startsAt: minutes(0) },
    { service: 'payments', alertname: 'Latency', startsAt: minutes(1) },
  ];
  const resolvedLater = twoAlerts.map((alert) => ({
    ...alert,
    status: 'resolved' as const,
    endsAt: minutes(5),
  }));

  it('closes an incident as resolved at source when all its alerts resolve', async () => {
    const { runtime: rt, deliver } = start({ diagnose: false });
    await deliver(twoAlerts);
    await settled(rt);
    const [opened] = await rt.ctx.tickets.listRecent(1);
    expect((await rt.ctx.tickets.require(opened?.id ?? '')).status).toBe('Diagnosing');
    await deliver(resolvedLater.slice(0, 1));
    await settled(rt);
    expect((await rt.ctx.tickets.require(opened?.id ?? '')).status).toBe('Diagnosing');
    await deliver(resolvedLater.slice(1));
    await settled(rt);
    const after = await rt.ctx.tickets.require(opened?.id ?? '');
    expect(after.status).toBe('Resolved');
    expect(after.resolution).toMatch(/resolved at source: all 2 alert/);
  });

  it('only notes a resolution at source while a decision is pending', async () => {
    const { runtime: rt, deliver } = start();
    await deliver(twoAlerts);
    await settled(rt);
    const [opened] = await rt.ctx.tickets.listRecent(1);
    await waitFor(async () =>
      (await rt.ctx.tickets.require(opened?.id ?? '')).status === 'Awaiting_Approval' ? true : undefined,
    );
    await deliver(resolvedLater);
    await settled(rt);
    const after = await rt.ctx.tickets.require(opened?.id ?? '');
    expect(after.status).toBe('Awaiting_Approval');
    const timeline = await rt.ctx.timeline.read(after.id);
    expect(timeline.find((entry) => entry.type === 'alerts.resolved_at_source')?.data.closed).toBe(false);
  });
});
