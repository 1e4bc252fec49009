import { afterEach, describe, expect, it } from 'vitest';
import { FLOOD_SYSTEM } from '../../../src/ingest/flood.js';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import { normalizeGeneric } from '../../../src/ingest/normalizers/generic.js';
import { createQueueSink } from '../../../src/pipeline/ingest/queue-sink.js';
import { alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

const LIMIT = 5;

describe('alert floods on the real Redis and ingest worker', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  function start() {
    const rt = createTestRuntime({
      settings: { correlationWindowSeconds: 300, newIncidentsPerMinute: LIMIT },
    });
    runtime = rt;
    rt.startIngestWorker();
    const sink = createQueueSink(rt.ingest, rt.ctx.queues);
    const deliver = async (alerts: Array<{ system: string; issue?: string; severity?: string }>) => {
      const receivedAt = new Date().toISOString();
      const body = { alerts: alerts.map((alert) => ({ issue: 'errors above 5%', ...alert })) };
      await sink.accept({ source: 'generic', alerts: normalizeGeneric(body, { receivedAt }), receivedAt });
      await waitFor(async () => {
        const counts = await rt.ctx.queues.queue('ingest').getJobCounts('waiting', 'active', 'delayed');
        return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0 ? true : undefined;
      });
    };
    return { rt, deliver };
  }

  const services = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => ({ system: `svc-${String(from + index).padStart(3, '0')}` }));

  it('opens the limit, folds every further new group into one flood incident, and never folds a sev1', async () => {
    const { rt, deliver } = start();
    await deliver(services(0, 50));
    const tickets = await rt.ctx.tickets.listRecent(100);
    expect(tickets).toHaveLength(LIMIT + 1);
    const flood = tickets.find((ticket) => ticket.system === FLOOD_SYSTEM);
    expect(flood?.issue).toBe(
      'Alert flood from generic: 45 correlation groups folded here (svc-005, svc-006, svc-007, svc-008, svc-009, svc-010, svc-011, svc-012 and 37 more)',
    );
    expect(flood?.alerts).toHaveLength(1);
    expect(await rt.ingest.tally(flood?.id ?? '')).toMatchObject({ total: 45, firing: 45 });
    const folded = (await rt.ctx.timeline.read(flood?.id ?? '')).filter(
      (entry) => entry.type === 'alerts.folded',
    );
    expect(folded.map((entry) => entry.data)).toEqual([
      {
        groups: 45,
        added: 45,
        services: ['svc-005', 'svc-006', 'svc-007', 'svc-008', 'svc-009', 'svc-010', 'svc-011', 'svc-012'],
      },
    ]);

    // A sev1 on a service whose group folded, and one on a new service: each gets its own incident.
    await deliver([
      { system: 'svc-020', issue: 'down', severity: 'critical' },
      { system: 'payments', issue: 'down', severity: 'sev1' },
    ]);
    const after = await rt.ctx.tickets.listRecent(100);
    expect(after).toHaveLength(LIMIT + 3);
    expect(
      after
        .filter((ticket) => ticket.sev === 'sev1')
        .map((ticket) => ticket.system)
        .sort(),
    ).toEqual(['payments', 'svc-020']);

    // Redelivered, the flood changes nothing; a folded service's next alert joins the flood again.
    await deliver(services(0, 50));
    await deliver([{ system: 'svc-030', issue: 'latency' }]);
    expect(await rt.ctx.tickets.listRecent(100)).toHaveLength(LIMIT + 3);
    expect(await rt.ingest.tally(flood?.id ?? '')).toMatchObject({ total: 46, deliveries: 46 + 45 });
  });

  it('counts each source on its own: a flood from one source leaves another its whole budget', async () => {
    const { rt, deliver } = start();
    await deliver(services(0, 20));
    const sink = createQueueSink(rt.ingest, rt.ctx.queues);
    const now = new Date();
    const group = alertmanagerPayload(
      services(100, 3).map(({ system }) => ({ service: system, alertname: 'Errors', startsAt: now })),
    );
    await sink.accept({
      source: 'alertmanager',
      receivedAt: now.toISOString(),
      alerts: normalizeAlertmanager(group),
    });
    await waitFor(async () =>
      (await rt.ctx.tickets.listRecent(100)).length === LIMIT + 1 + 3 ? true : undefined,
    );
  });
});
