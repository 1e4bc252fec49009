import { afterEach, describe, expect, it } from 'vitest';
import { setKillSwitch } from '../../../src/pipeline/hitl/manual-actions.js';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { startChaos, stopChaos } from '../../../src/pipeline/watch/chaos.js';
import { handleMonitorSweep, scheduleMonitor } from '../../../src/pipeline/watch/monitor-handler.js';
import { injectFault } from '../../../src/sim/estate/index.js';
import { simulatedTelemetry } from '../../../src/sim/simulated-telemetry.js';
import { completions, settled } from '../../support/job-events.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

/** Sweeps that must pass after an incident opened before "none twice" means anything. */
const SWEEPS_AFTER = 3;
/** These runtimes run no outbox worker: Slack syncs wait in their queue, untouched. */
const WORKED = { queues: [QUEUE_NAMES.incident, QUEUE_NAMES.ingest] };

describe('watching the estate', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  function start(settings: Parameters<typeof createTestRuntime>[0] = {}) {
    runtime = createTestRuntime(settings);
    const worker = runtime.startIncidentWorker({ concurrency: 8 });
    runtime.startIngestWorker();
    return Object.assign(runtime, {
      sweeps: completions(worker, 'monitor-sweep'),
      ticks: completions(worker, 'chaos-tick'),
    });
  }

  it('opens one incident for one sick service (its sick callers join it), none twice', async () => {
    const rt = start({ settings: { monitorIntervalSeconds: 0.2 } });
    await rt.ctx.estate.update((state) => injectFault(state, 'database', 'slow', new Date()));
    await scheduleMonitor(rt.ctx);
    const ticket = await waitFor(async () => (await rt.ctx.tickets.listRecent(10))[0], {
      what: 'a monitor incident',
    });
    expect(ticket.source).toBe('monitor');
    // Later sweeps still see the sick services, and everything they sent has been placed.
    await rt.sweeps.next(SWEEPS_AFTER);
    await settled(rt, WORKED);
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

  it('opens nothing for a healthy estate, and opens one as soon as a service gets sick', async () => {
    const rt = start({ settings: { monitorIntervalSeconds: 0.2 } });
    await scheduleMonitor(rt.ctx);
    // The sweeps really ran (each probed every service) and sent nothing to ingest.
    await rt.sweeps.next(SWEEPS_AFTER);
    await settled(rt, WORKED);
    expect(await rt.ctx.tickets.listRecent(10)).toEqual([]);
    expect(await rt.ctx.queues.queue(QUEUE_NAMES.ingest).getJobCounts('completed', 'failed')).toEqual({
      completed: 0,
      failed: 0,
    });

    // Positive control: the same monitor, a moment later, does see a sick service.
    await rt.ctx.estate.update((state) => injectFault(state, 'database', 'slow', new Date()));
    const ticket = await waitFor(async () => (await rt.ctx.tickets.listRecent(10))[0], {
      what: 'the monitor to open an incident once database is slow',
    });
    expect(ticket.source).toBe('monitor');
  });

  it('chaos mode injects faults until stopped, and the kill switch stops it too', async () => {
    const rt = start({ settings: { chaosIntervalSeconds: { min: 0.2, max: 0.3 } } });
    await startChaos(rt.ctx, 'C0CHAOS', 'U0LEAD');
    await waitFor(async () => ((await rt.ctx.tickets.listRecent(10)).length >= 2 ? true : undefined), {
      what: 'two rehearsal incidents',
    });
    await stopChaos(rt.ctx, 'U0LEAD');
    // The tick already scheduled still runs, finds the rehearsal stopped and schedules none: once
    // the queues settle, no tick is left to inject anything.
    await rt.ticks.next();
    await settled(rt, WORKED);
    const pending = await rt.ctx.queues.queue(QUEUE_NAMES.incident).getJobs(['delayed', 'waiting', 'active']);
    expect(pending.filter((job) => job.name === 'chaos-tick')).toEqual([]);
    expect((await rt.ctx.chaos.read()).on).toBe(false);
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
    const sweeps = completions(runtime.startIncidentWorker({ concurrency: 8 }), 'monitor-sweep');
    runtime.startIngestWorker();
    await scheduleMonitor(runtime.ctx);
    const rt = runtime;
    const ticket = await waitFor(async () => (await rt.ctx.tickets.listRecent(10))[0], {
      what: 'a predicted incident',
    });
    expect(ticket).toMatchObject({ system: 'storage', sev: 'sev3', source: 'monitor' });
    expect(ticket.issue).toMatch(/^disk full on storage in about \d+ min/);
    // Later sweeps forecast the same trouble, and find it already open.
    await sweeps.next(SWEEPS_AFTER);
    await settled(rt, WORKED);
    expect(await rt.ctx.tickets.listRecent(10)).toHaveLength(1);
  });
});
