import { afterEach, describe, expect, it } from 'vitest';
import type { Reasoner } from '../../../src/agents/reasoner.js';
import { withStatus } from '../../../src/domain/ticket.js';
import { injectAndOpen, refireLatest } from '../../../src/pipeline/inject.js';
import { specialistStage } from '../../../src/pipeline/stage-catalog.js';
import { allSpecialistsReasoner, flakyReasoner } from '../../support/reasoners.js';
import { createTestRuntime, type TestRuntime, waitFor, waitForStatus } from '../../support/test-runtime.js';

const FINISHED = ['Awaiting_Approval', 'Needs_Followup', 'Duplicate'] as const;

describe('diagnosis flow', () => {
  const runtimes: TestRuntime[] = [];
  const track = (runtime: TestRuntime) => {
    runtimes.push(runtime);
    return runtime;
  };
  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map((runtime) => runtime.dispose()));
  });

  it('runs the specialists in parallel: their runs overlap in time', async () => {
    const runtime = track(createTestRuntime({ reasoner: allSpecialistsReasoner(200) }));
    runtime.startIncidentWorker({ concurrency: 8 });
    const opened = await injectAndOpen(runtime.ctx, { fault: 'slow', service: 'database', channel: null });
    await waitForStatus(runtime, opened.id, FINISHED);

    const runs = await runtime.ctx.stages.runs(opened.id);
    const specialists = runs.filter((run) => run.key.startsWith('specialist:'));
    expect(specialists.map((run) => run.key).sort()).toEqual(
      ['compute', 'network', 'storage', 'web'].map((kind) => `specialist:${kind}`),
    );
    for (const run of specialists) expect(run.state).toBe('done');
    const latestStart = Math.max(...specialists.map((run) => Date.parse(run.startedAt ?? '')));
    const earliestEnd = Math.min(...specialists.map((run) => Date.parse(run.finishedAt ?? '')));
    expect(latestStart).toBeLessThan(earliestEnd);
  });

  it('short-circuits a repeat of an open incident as Duplicate with its parent', async () => {
    const runtime = track(createTestRuntime());
    runtime.startIncidentWorker({ concurrency: 8 });
    const first = await injectAndOpen(runtime.ctx, { fault: 'crash', service: 'api', channel: 'C1' });
    await waitForStatus(runtime, first.id, FINISHED);

    const repeat = await refireLatest(runtime.ctx, 'C1');
    const duplicate = await waitForStatus(runtime, repeat.id, FINISHED);
    expect(duplicate.status).toBe('Duplicate');
    expect(duplicate.parent).toBe(first.id);
    const runs = await runtime.ctx.stages.runs(repeat.id);
    expect(runs.find((run) => run.key === 'triage')?.state).toBe('skipped');
    const parentTimeline = await runtime.ctx.timeline.read(first.id);
    expect(
      parentTimeline.some((entry) => entry.type === 'duplicate.linked' && entry.data.duplicate === repeat.id),
    ).toBe(true);
  });

  it('runs no further stage once a person closes the incident mid-diagnosis', async () => {
    let releaseTriage = () => {};
    const triageHeld = new Promise<void>((resolve) => {
      releaseTriage = resolve;
    });
    let triageStarted = () => {};
    const triageRunning = new Promise<void>((resolve) => {
      triageStarted = resolve;
    });
    const rules = allSpecialistsReasoner();
    const reasoner: Reasoner = {
      ...rules,
      async triage(input) {
        triageStarted();
        await triageHeld;
        return rules.triage(input);
      },
    };
    const runtime = track(createTestRuntime({ reasoner }));
    runtime.startIncidentWorker({ concurrency: 8 });
    const opened = await injectAndOpen(runtime.ctx, { fault: 'slow', service: 'database', channel: null });
    await triageRunning;
    await runtime.ctx.tickets.update(opened.id, (current) =>
      withStatus(current, 'Resolved', { now: new Date(), by: 'U_ONCALL', reason: 'fixed by hand' }),
    );
    releaseTriage();

    // Triage fans out to every specialist, and rca and plan wait on them: all of them find the
    // incident closed and leave no trace.
    const queue = runtime.ctx.queues.queue('incident');
    await waitFor(async () => ((await queue.getJobCounts('completed')).completed === 8 ? true : undefined), {
      what: 'intake, triage, four specialists, rca and plan to complete',
    });
    const runs = await runtime.ctx.stages.runs(opened.id);
    expect(
      runs.filter((run) => run.state === 'running' || run.state === 'done').map((run) => run.key),
    ).toEqual(['intake', 'triage']);
    const started = (await runtime.ctx.timeline.read(opened.id)).filter(
      (entry) => entry.type === 'stage.started',
    );
    expect(started.map((entry) => entry.data.stage)).toEqual(['intake', 'triage']);
    expect((await runtime.ctx.tickets.require(opened.id)).status).toBe('Resolved');
  });

  it.each(['triage', 'specialist', 'rca', 'plan'] as const)(
    'retries a %s stage that throws once',
    async (stage) => {
      const reasoner = flakyReasoner(stage, 1);
      const runtime = track(createTestRuntime({ reasoner }));
      runtime.startIncidentWorker({ concurrency: 8 });
      const opened = await injectAndOpen(runtime.ctx, {
        fault: 'disk_full',
        service: 'storage',
        channel: null,
      });
      const ticket = await waitForStatus(runtime, opened.id, FINISHED);

      expect(ticket.status).toBe('Awaiting_Approval');
      expect(ticket.rca).toMatchObject({ rootService: 'storage', fault: 'disk_full' });
      // One transition into Remediation_Recommended: the retry did not apply anything twice.
      expect(ticket.history.filter((entry) => entry.to === 'Remediation_Recommended')).toHaveLength(1);
      const timeline = await runtime.ctx.timeline.read(opened.id);
      expect(timeline.filter((entry) => entry.type === 'stage.failed')).toHaveLength(1);
      const key = stage === 'specialist' ? undefined : stage;
      if (key)
        expect(
          timeline.filter((entry) => entry.type === 'stage.finished' && entry.data.stage === key),
        ).toHaveLength(1);
    },
  );

  it('finishes an incident when its worker closes mid-flow and another starts later', async () => {
    const prefixRuntime = track(createTestRuntime({ reasoner: allSpecialistsReasoner(150) }));
    const first = prefixRuntime.startIncidentWorker({ concurrency: 8 });
    const opened = await injectAndOpen(prefixRuntime.ctx, {
      fault: 'memory_leak',
      service: 'worker',
      channel: null,
    });
    await waitFor(
      async () => {
        const runs = await prefixRuntime.ctx.stages.runs(opened.id);
        return runs.some((run) => run.key === specialistStage('web').key && run.state === 'running')
          ? true
          : undefined;
      },
      { what: 'specialists to start' },
    );
    await first.close();
    const paused = await prefixRuntime.ctx.tickets.require(opened.id);
    expect(paused.status).toBe('Diagnosing');

    // A different process would build its own runtime on the same prefix: do exactly that.
    const second = track(
      createTestRuntime({ prefix: prefixRuntime.prefix, reasoner: allSpecialistsReasoner(0) }),
    );
    second.startIncidentWorker({ concurrency: 8 });
    const ticket = await waitForStatus(second, opened.id, FINISHED);
    expect(ticket.status).toBe('Awaiting_Approval');
    expect(ticket.rca).toMatchObject({ rootService: 'worker', fault: 'memory_leak' });
  });

  it('recovers a job whose worker died holding it (stalled job)', async () => {
    const dying = track(createTestRuntime({ reasoner: allSpecialistsReasoner(2_000) }));
    const doomed = dying.startIncidentWorker({ concurrency: 8, lockDuration: 1_000, stalledInterval: 500 });
    const opened = await injectAndOpen(dying.ctx, { fault: 'crash', service: 'auth', channel: null });
    await waitFor(
      async () => {
        const runs = await dying.ctx.stages.runs(opened.id);
        return runs.some((run) => run.key === 'triage' && run.state === 'running') ? true : undefined;
      },
      { what: 'triage to start' },
    );
    // Forced close: the lock is no longer renewed, as if the process had been killed.
    await doomed.close(true);

    const rescuer = track(createTestRuntime({ prefix: dying.prefix, reasoner: allSpecialistsReasoner(0) }));
    rescuer.startIncidentWorker({ concurrency: 8, lockDuration: 1_000, stalledInterval: 500 });
    const ticket = await waitForStatus(rescuer, opened.id, FINISHED, 30_000);
    expect(ticket.status).toBe('Awaiting_Approval');
    expect(ticket.rca).toMatchObject({ rootService: 'auth', fault: 'crash' });
    expect(ticket.history.filter((entry) => entry.to === 'Remediation_Recommended')).toHaveLength(1);
  });
});
