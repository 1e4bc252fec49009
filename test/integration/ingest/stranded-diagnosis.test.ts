import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import { createQueueSink } from '../../../src/pipeline/ingest/queue-sink.js';
import { alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

describe('an incident opened by an alert whose diagnosis could not be queued', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  it('is diagnosed once the ingest job is retried, and stays the only incident', async () => {
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

    const diagnosed = await waitFor(
      async () => {
        const ticket = await rt.ctx.tickets.require('INC-0001');
        return ticket.status === 'Diagnosing' ? undefined : ticket;
      },
      { timeoutMs: 30_000, what: "INC-0001's diagnosis" },
    );
    expect(diagnosed.status).not.toBe('Needs_Followup');
    expect((await rt.ctx.stages.runs('INC-0001')).find((run) => run.key === 'intake')?.state).toBe('done');
    expect((await rt.ctx.tickets.listRecent(10)).map((ticket) => ticket.id)).toEqual(['INC-0001']);
  });
});
