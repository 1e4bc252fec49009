import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/task-run.js';
import { decideTaskRun } from '../../../src/pipeline/tasks/task-decision.js';
import { taskEstate } from '../../support/task-estate.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

const LEAD = 'U0CACHELEAD';

describe("an approve task's approval nobody answers", () => {
  let runtime: TestRuntime | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
    runtime = undefined;
  });

  it('expires after HITL_TIMEOUT_SECONDS: nothing runs, and a late Approve is refused', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-expiry-'));
    const marker = join(dir, 'ran');
    runtime = createTestRuntime({
      ...taskEstate(`id: flush
title: Flush the cache
schedule: { cron: "0 0 1 1 *", mode: approve, service: bench-cache }
steps:
  - id: flush
    title: Flush
    executor: host
    action: { kind: local, command: [/usr/bin/touch, ${marker}] }
    risk: low
`),
      settings: { hitlTimeoutSeconds: 1 },
    });
    runtime.startIncidentWorker({ concurrency: 2 });
    const { ctx } = runtime;
    await ctx.queues.add('task-run', { taskId: 'flush', requestId: 'dexpiry0001', by: LEAD });
    const day = dayOf(ctx.now());
    const waiting = await waitFor(async () => {
      const run = await ctx.tasks.run(day, 'flush', 'mdexpiry0001');
      return run?.status === 'awaiting-approval' ? run : undefined;
    });
    expect(waiting.trigger).toBe('manual');

    const expired = await waitFor(async () => {
      const run = await ctx.tasks.run(day, 'flush', 'mdexpiry0001');
      return run?.status === 'expired' ? run : undefined;
    });
    expect(expired.reason).toBe('nobody decided within 1 s');
    expect(await decideTaskRun(ctx, { day, taskId: 'flush', runId: 'mdexpiry0001' }, LEAD, 'approved')).toBe(
      'This run expired before anyone decided. Nothing was changed.',
    );
    expect(existsSync(marker)).toBe(false);
    expect((await ctx.tasks.state('flush')).awaiting).toBeUndefined();
  });
});
