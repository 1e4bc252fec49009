import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type OwnRedis, ownRedis } from '../../support/own-redis.js';
import { type ProcessTestBed, processTestBed } from '../../support/process-test-bed.js';
import { openApiIncident, stageRunning } from '../../support/stage-runs.js';
import { waitForStatus } from '../../support/test-runtime.js';

const CHANNEL = 'C0BLIP';
/** When the outage starts: before the stage's 250 ms "show it running" request, as in the field run. */
const OUTAGE_AT_MS = 120;

describe('a Redis blip in the middle of a stage', () => {
  let redis: OwnRedis | undefined;
  let bed: ProcessTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    await redis?.dispose();
  });

  it('leaves the worker running, and the incident is diagnosed once Redis is back', async () => {
    redis = await ownRedis();
    bed = await processTestBed({ redisUrl: redis.url });
    const { runtime } = bed;
    const worker = await bed.startWorker({ LOG_LEVEL: 'debug', RULE_REASONER_LATENCY_MS: '600' });
    const ctx = runtime.ctx;
    await openApiIncident(ctx, CHANNEL);
    const triage = await stageRunning(ctx, 'INC-0001', 'triage');

    await sleep(Math.max(0, Date.parse(triage.startedAt ?? '') + OUTAGE_AT_MS - Date.now()));
    await redis.stop();
    // The stage's 250 ms request to show it running meets the outage, and is handled.
    await worker.waitForLog(
      (line) => line.msg === 'could not show a stage running',
      'the failed request, handled',
    );
    await redis.start();

    const ticket = await waitForStatus(
      runtime,
      'INC-0001',
      ['Remediation_Recommended', 'Awaiting_Approval', 'False_Positive'],
      30_000,
    );
    expect(ticket.status).not.toBe('Needs_Followup');
    expect(worker.child.exitCode).toBeNull();
    expect(worker.logs.filter((line) => line.msg?.startsWith('Redis unreachable'))).toHaveLength(1);
  });
});
