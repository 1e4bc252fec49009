import { afterEach, describe, expect, it } from 'vitest';
import { injectAndOpen } from '../../../src/pipeline/inject.js';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { type ProcessTestBed, processTestBed } from '../../support/process-test-bed.js';
import { settledIncident, threadKeys } from '../../support/slack-thread.js';
import { waitFor } from '../../support/test-runtime.js';

const CHANNEL = 'C0SIGTERM';
/** Longer than any shutdown budget: a sync that slept through it inside its job was cut off. */
const POSTING_WAIT_MS = 11_000;

describe('SIGTERM while the outbox waits for a posting slot', () => {
  let bed: ProcessTestBed | undefined;
  afterEach(() => bed?.close());

  it('exits 0 at once, and the next worker posts the message later, once', async () => {
    const testBed = await processTestBed();
    bed = testBed;
    const { runtime, emulator } = testBed;
    const first = await testBed.startWorker();
    // Another incident just took the channel's posting slots for the next few seconds.
    const slotFreesAt = Date.now() + POSTING_WAIT_MS;
    await runtime.redis.set(
      runtime.keys.channelPostSlot(CHANNEL),
      String(slotFreesAt),
      'PX',
      POSTING_WAIT_MS,
    );
    await injectAndOpen(runtime.ctx, { fault: 'crash', service: 'api', channel: CHANNEL });
    const outbox = runtime.ctx.queues.queue(QUEUE_NAMES.outbox);
    await waitFor(
      async () => {
        const jobs = await outbox.getJobs(['active', 'delayed']);
        return jobs.find((job) => job.name === 'outbox-sync' && job.attemptsStarted > 0);
      },
      { what: 'the sync to reach its posting wait' },
    );

    const exit = await first.kill('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.logs.map((line) => line.msg)).toContain('shutdown complete: every current job finished');
    expect(emulator.messages(CHANNEL)).toEqual([]);

    await testBed.startWorker();
    const { thread } = await settledIncident(
      emulator,
      CHANNEL,
      'INC-0001',
      'Awaiting Approval',
      4,
      POSTING_WAIT_MS + 30_000,
    );
    expect(emulator.messages(CHANNEL)).toHaveLength(1);
    expect(emulator.calls('chat.postMessage')[0]?.at).toBeGreaterThanOrEqual(slotFreesAt);
    expect(threadKeys(thread)).toEqual(['approval:r1', 'rca', 'chart', 'progress']);
  });
});
