import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { type ProcessTestBed, processTestBed } from '../../support/process-test-bed.js';
import { openApiIncident, stageRunning } from '../../support/stage-runs.js';
import { waitForStatus } from '../../support/test-runtime.js';

describe('SIGTERM while a stage runs longer than the shutdown budget', () => {
  let bed: ProcessTestBed | undefined;
  afterEach(() => bed?.close());

  it('hands the job back to the queue and exits 0; the next worker finishes the incident', async () => {
    const testBed = await processTestBed();
    bed = testBed;
    const { runtime } = testBed;
    const first = await testBed.startWorker({
      RULE_REASONER_LATENCY_MS: '60000',
      SHUTDOWN_TIMEOUT_SECONDS: '1',
      // Long enough that a job left to stall would still be locked when the next worker starts.
      JOB_LOCK_SECONDS: '60',
    });
    await openApiIncident(runtime.ctx, 'C0BUDGET');
    await stageRunning(runtime.ctx, 'INC-0001', 'triage');

    expect(await first.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    const outOfTime = first.logs.find((line) => line.msg?.startsWith('shutdown out of time'));
    expect(outOfTime).toMatchObject({ handedBack: 1 });
    const triage = await runtime.ctx.queues.queue(QUEUE_NAMES.incident).getJob('INC-0001-triage');
    expect(await triage?.getState()).toBe('waiting');

    await testBed.startWorker({ JOB_LOCK_SECONDS: '60' });
    await waitForStatus(runtime, 'INC-0001', [
      'Remediation_Recommended',
      'Awaiting_Approval',
      'False_Positive',
    ]);
  });
});
