import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import { createQueueSink } from '../../../src/pipeline/ingest/queue-sink.js';
import { openIncident, STRANDED_OPENING_MS } from '../../../src/pipeline/open-incident.js';
import { handleRetentionSweep } from '../../../src/pipeline/retention/retention-sweep.js';
import { alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

/** INC-0001 once its diagnosis ran, and that it ran through intake (not handed over). */
async function diagnosedOnce(rt: TestRuntime) {
  const diagnosed = await waitFor(
    async () => {
      const ticket = await rt.ctx.tickets.require('INC-0001');
      return ticket.status === 'Diagnosing' ? undefined : ticket;
    },
    { timeoutMs: 30_000, what: "INC-0001's diagnosis" },
  );
  expect(diagnosed.status).not.toBe('Needs_Followup');
  expect((await rt.ctx.stages.runs('INC-0001')).find((run) => run.key === 'intake')?.state).toBe('done');
  return diagnosed;
}

const INJECTED = {
  system: 'checkout',
  issue: 'checkout is down',
  sev: 'sev2',
  source: 'inject',
  channel: null,
} as const;

/** /inject opens INC-0001 during a blip: the ticket is written, the checklist and the flow are not. */
async function strandInjected(rt: TestRuntime) {
  const stagesKey = rt.keys.stages('INC-0001');
  await rt.redis.set(stagesKey, 'not a hash');
  await expect(openIncident(rt.ctx, INJECTED)).rejects.toThrow(/WRONGTYPE/);
  await rt.redis.del(stagesKey);
  expect(await rt.ctx.stages.runs('INC-0001')).toEqual([]);
  expect(await rt.redis.hkeys(rt.keys.ingestOpening)).toEqual(['INC-0001']);
}

describe('an incident whose diagnosis could not be queued as it opened', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  it('is diagnosed once the ingest job that opened it is retried, and stays the only incident', async () => {
    runtime = createTestRuntime({ settings: { correlationWindowSeconds: 300 } });
    const rt = runtime;
    rt.startIncidentWorker({ concurrency: 4 });
    const ingestWorker = rt.startIngestWorker();
    const firstAttemptFailed = new Promise<string>((resolve) =>
      ingestWorker.once('failed', (_job, error) => resolve(error.message)),
    );
    // A write after the ticket exists fails, as in a Redis blip: the incident's stage checklist
    // key holds a string, so laying out the checklist fails and the intake flow is never added.
    const stagesKey = rt.keys.stages('INC-0001');
    await rt.redis.set(stagesKey, 'not a hash');

    await createQueueSink(rt.ingest, rt.ctx.queues).accept({
      source: 'alertmanager',
      alerts: normalizeAlertmanager(
        alertmanagerPayload([{ service: 'checkout', alertname: 'HighErrorRate', startsAt: new Date() }]),
      ),
      receivedAt: new Date().toISOString(),
    });
    expect(await firstAttemptFailed).toMatch(/WRONGTYPE/);
    // The blip is over; the retry finds INC-0001 open, and the alert joins it.
    await rt.redis.del(stagesKey);

    await diagnosedOnce(rt);
    expect((await rt.ctx.tickets.listRecent(10)).map((ticket) => ticket.id)).toEqual(['INC-0001']);
  });

  it('is diagnosed once an alert joins it when /inject opened it, with no ticket read per delivery', async () => {
    runtime = createTestRuntime({ settings: { correlationWindowSeconds: 300 } });
    const rt = runtime;
    rt.startIncidentWorker({ concurrency: 4 });
    rt.startIngestWorker();
    await strandInjected(rt);

    // An alert of the same service joins it: its diagnosis is queued, and the mark goes.
    await createQueueSink(rt.ingest, rt.ctx.queues).accept({
      source: 'alertmanager',
      alerts: normalizeAlertmanager(
        alertmanagerPayload([{ service: 'checkout', alertname: 'HighErrorRate', startsAt: new Date() }]),
      ),
      receivedAt: new Date().toISOString(),
    });
    const diagnosed = await diagnosedOnce(rt);
    expect(diagnosed.alerts).toHaveLength(1);
    expect(await rt.redis.hkeys(rt.keys.ingestOpening)).toEqual([]);
    expect((await rt.ctx.tickets.listRecent(10)).map((ticket) => ticket.id)).toEqual(['INC-0001']);
  });

  it('is diagnosed by the retention sweep when no alert joins it, once its opening is clearly over', async () => {
    runtime = createTestRuntime();
    const rt = runtime;
    rt.startIncidentWorker({ concurrency: 4 });
    await strandInjected(rt);
    // An opening younger than that may still be under way: the sweep leaves it.
    expect((await handleRetentionSweep(rt.ctx)).resumed).toBe(0);
    expect(await rt.redis.hkeys(rt.keys.ingestOpening)).toEqual(['INC-0001']);
    const later = new Date(Date.now() + STRANDED_OPENING_MS + 60_000);
    expect((await handleRetentionSweep({ ...rt.ctx, now: () => later })).resumed).toBe(1);
    await diagnosedOnce(rt);
    expect(await rt.redis.hkeys(rt.keys.ingestOpening)).toEqual([]);
  });

  it('leaves no mark once an incident opened in one go has its diagnosis queued', async () => {
    runtime = createTestRuntime();
    const ticket = await openIncident(runtime.ctx, INJECTED);
    expect(await runtime.redis.zscore(runtime.keys.openIncidents, ticket.id)).not.toBeNull();
    expect(await runtime.redis.hkeys(runtime.keys.ingestOpening)).toEqual([]);
  });
});
