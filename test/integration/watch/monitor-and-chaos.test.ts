import { afterEach, describe, expect, it } from 'vitest';
import { setKillSwitch } from '../../../src/pipeline/hitl/manual-actions.js';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { startChaos, stopChaos } from '../../../src/pipeline/watch/chaos.js';
import { handleMonitorSweep, scheduleMonitor } from '../../../src/pipeline/watch/monitor-handler.js';
import { injectFault } from '../../../src/sim/estate/index.js';
import { simulatedTelemetry } from '../../../src/sim/simulated-telemetry.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watching the estate', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  function start(settings: Parameters<typeof createTestRuntime>[0] = {}) {
    runtime = createTestRuntime(settings);
    runtime.startIncidentWorker({ concurrency: 8 });
    runtime.startIngestWorker();
    return runtime;
  }

  it('opens one incident for one sick service (its sick callers join it), none twice', async () => {
    const rt = start({ settings: { monitorIntervalSeconds: 0.2 } });
    await rt.ctx.estate.update((state) => injectFault(state, 'database', 'slow', new Date()));
    await scheduleMonitor(rt.ctx);
    const ticket = await waitFor(async () => (await rt.ctx.tickets.listRecent(10))[0], {
      what: 'a monitor incident',
    });
    expect(ticket.source).toBe('monitor');
    await sleep(1500);
    const all = await rt.ctx.tickets.listRecent(10);
    expect(all).toHaveLength(1);
    const tally = await rt.ingest.tally(ticket.id);
    expect(tally.total).toBeGreaterThanOrEqual(2);
    expect(tally.deliveries).toBe(tally.total);
  });

  it('does not send an alert again while its first delivery still waits for ingest', async () => {
    runtime = createTestRuntime({ settings: { monitorIntervalSeconds: 0.2 } });
    const rt = runtime;
    await rt.ctx.estate.update((state) => injectFault(state, 'database', 'slow', new Date()));
    // Ingest is behind (no ingest worker yet): the second sweep finds nothing placed, as under load.
    await handleMonitorSweep(rt.ctx);
    await handleMonitorSweep(rt.ctx);
    const queued = await rt.ctx.queues.queue(QUEUE_NAMES.ingest).getWaiting();
    const sent = [];
    for (const job of queued) {
      const stored = await rt.ctx.alerts.batch(String(job.data.batchId));
      sent.push(...(stored?.batch.alerts ?? []).map((alert) => `${alert.fingerprint} ${alert.status}`));
    }
    // The sweeps may find more callers sick as time passes; none sends an alert state twice.
    expect(sent).toContain('monitor-database firing');
    expect(new Set(sent).size).toBe(sent.length);

    rt.startIngestWorker();
    rt.startIncidentWorker({ concurrency: 8 });
    const ingest = rt.ctx.queues.queue(QUEUE_NAMES.ingest);
    await waitFor(
      async () => {
        const counts = await ingest.getJobCounts('waiting', 'active', 'delayed', 'completed');
        const pending = (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0);
        return pending === 0 && (counts.completed ?? 0) === queued.length ? true : undefined;
      },
      { what: 'ingest placing every queued delivery' },
    );
    const [ticket] = await rt.ctx.tickets.listRecent(10);
    const tally = await rt.ingest.tally(ticket?.id ?? 'none');
    expect(tally.total).toBeGreaterThanOrEqual(1);
    expect(tally.deliveries).toBe(tally.total);
  });

  it('opens nothing for a healthy estate', async () => {
    const rt = start({ settings: { monitorIntervalSeconds: 0.2 } });
    await scheduleMonitor(rt.ctx);
    await sleep(1200);
    expect(await rt.ctx.tickets.listRecent(10)).toEqual([]);
  });

  it('chaos mode injects faults until stopped, and the kill switch stops it too', async () => {
    const rt = start({ settings: { chaosIntervalSeconds: { min: 0.2, max: 0.3 } } });
    await startChaos(rt.ctx, 'C0CHAOS', 'U0LEAD');
    await waitFor(async () => ((await rt.ctx.tickets.listRecent(10)).length >= 2 ? true : undefined), {
      what: 'two rehearsal incidents',
    });
    await stopChaos(rt.ctx, 'U0LEAD');
    await sleep(400);
    const afterStop = (await rt.ctx.tickets.listRecent(50)).length;
    await sleep(800);
    expect((await rt.ctx.tickets.listRecent(50)).length).toBe(afterStop);
    const injected = await rt.ctx.tickets.listRecent(50);
    expect(injected.every((ticket) => ticket.source === 'inject' && ticket.channel === 'C0CHAOS')).toBe(true);

    await startChaos(rt.ctx, 'C0CHAOS', 'U0LEAD');
    await setKillSwitch(rt.ctx, true, 'U0LEAD');
    expect((await rt.ctx.chaos.read()).on).toBe(false);
    await expect(startChaos(rt.ctx, 'C0CHAOS', 'U0LEAD')).rejects.toThrow(/kill switch is on/);
  });
});

describe('predictive alerts', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  it('opens a sev3 incident that says what will happen, where and when', async () => {
    runtime = createTestRuntime({
      settings: { monitorIntervalSeconds: 0.2 },
      // Real-looking telemetry where storage's disk fills steadily but is still healthy.
      telemetry: (base) => {
        const simulated = simulatedTelemetry(base.estate);
        return {
          async snapshot(ticket, now) {
            const snapshot = await simulated.snapshot(ticket, now);
            const storage = snapshot.services.storage;
            if (storage)
              storage.metrics.disk_pct = Array.from({ length: 30 }, (_, minute) => 55 + minute * 1.2);
            return snapshot;
          },
        };
      },
    });
    runtime.startIncidentWorker({ concurrency: 8 });
    runtime.startIngestWorker();
    await scheduleMonitor(runtime.ctx);
    const rt = runtime;
    const ticket = await waitFor(async () => (await rt.ctx.tickets.listRecent(10))[0], {
      what: 'a predicted incident',
    });
    expect(ticket).toMatchObject({ system: 'storage', sev: 'sev3', source: 'monitor' });
    expect(ticket.issue).toMatch(/^disk full on storage in about \d+ min/);
    await sleep(1000);
    expect(await rt.ctx.tickets.listRecent(10)).toHaveLength(1);
  });
});
