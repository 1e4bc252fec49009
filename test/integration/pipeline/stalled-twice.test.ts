import { afterEach, describe, expect, it } from 'vitest';
import { type ProcessTestBed, processTestBed } from '../../support/process-test-bed.js';
import { openApiIncident, stageRunning } from '../../support/stage-runs.js';
import { waitFor, waitForStatus } from '../../support/test-runtime.js';

const CHANNEL = 'C0STALLS';

describe('a job whose worker dies twice mid-job', () => {
  let bed: ProcessTestBed | undefined;
  afterEach(() => bed?.close());

  it('fails, and its incident is handed to people in the thread instead of staying in Diagnosing', async () => {
    const testBed = await processTestBed();
    bed = testBed;
    const { runtime, emulator } = testBed;
    const startWorker = () =>
      testBed.startWorker({
        // Triage (the first stage that reasons) outlives every worker that starts it.
        RULE_REASONER_LATENCY_MS: '60000',
        JOB_LOCK_SECONDS: '3',
        STALLED_CHECK_SECONDS: '0.5',
        JOB_MAX_STALLS: '1',
      });
    const ctx = runtime.ctx;
    const first = await startWorker();
    await openApiIncident(ctx, CHANNEL);
    const firstRun = await stageRunning(ctx, 'INC-0001', 'triage');
    expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');

    const second = await startWorker();
    await stageRunning(ctx, 'INC-0001', 'triage', { after: firstRun.startedAt });
    await second.kill('SIGKILL');

    const third = await startWorker();
    const ticket = await waitForStatus(runtime, 'INC-0001', ['Needs_Followup'], 30_000);
    expect(ticket.resolution).toMatch(/^triage failed: job stalled more than allowable limit/);
    const failed = await third.waitForLog(
      (line) => line.msg === 'job failed for good' && line.job === 'triage',
      'the failure in the log',
    );
    expect(failed).toMatchObject({ incident: 'INC-0001', stalls: 2 });
    await third.waitForLog((line) => line.msg === 'incident handed over to people', 'the hand-over');

    const card = await waitFor(
      () => emulator.messages(CHANNEL).find((message) => message.text.startsWith('INC-0001 · Needs')),
      { timeoutMs: 15_000, what: 'the card to show Needs follow-up' },
    );
    const told = await waitFor(
      () => emulator.thread(CHANNEL, card.ts).find((message) => message.text.includes('triage failed')),
      { timeoutMs: 15_000, what: 'the thread to tell people' },
    );
    expect(told.text).toMatch(/job stalled more than allowable limit/);

    const runs = await ctx.stages.runs('INC-0001');
    expect(runs.find((run) => run.key === 'triage')).toMatchObject({ state: 'failed' });
    const entries = await ctx.timeline.read('INC-0001');
    const failures = entries.filter((entry) => entry.type === 'stage.failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.data).toMatchObject({ stage: 'triage', final: true });
    expect(entries.filter((entry) => entry.type === 'status.changed')).toHaveLength(1);
  });
});
