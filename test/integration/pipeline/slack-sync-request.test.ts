import { afterAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

describe('asking the Slack outbox for a sync on the real Redis and BullMQ (no outbox worker)', () => {
  const runtime: TestRuntime = createTestRuntime();
  afterAll(() => runtime.dispose());

  it('lets alerts joining share one waiting sync, and brings it forward for a change that may not wait', async () => {
    const { queues } = runtime.ctx;
    const outbox = queues.queue(QUEUE_NAMES.outbox);
    const counts = () => outbox.getJobCounts('delayed', 'waiting');

    await queues.requestSlackSync('INC-0001', { withinMs: 60_000 });
    await queues.requestSlackSync('INC-0001', { withinMs: 60_000 });
    expect(await counts()).toEqual({ delayed: 1, waiting: 0 });
    // Another incident has its own lane.
    await queues.requestSlackSync('INC-0002');
    expect(await counts()).toEqual({ delayed: 1, waiting: 1 });

    await queues.requestSlackSync('INC-0001');
    expect(await counts()).toEqual({ delayed: 0, waiting: 2 });
    // Pending now: neither kind of request adds a job.
    await queues.requestSlackSync('INC-0001');
    await queues.requestSlackSync('INC-0001', { withinMs: 60_000 });
    expect(await counts()).toEqual({ delayed: 0, waiting: 2 });
    const waiting = await outbox.getWaiting();
    expect(waiting.map((job) => job.data.incidentId).sort()).toEqual(['INC-0001', 'INC-0002']);
  });
});
