import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { createRuntime, type Runtime } from '../../../src/runtime.js';
import { type OwnRedis, ownRedis } from '../../support/own-redis.js';
import { openApiIncident, stageRunning } from '../../support/stage-runs.js';
import { silentLogger, uniquePrefix, waitForStatus } from '../../support/test-runtime.js';
import { spawnWarroom, type WarroomProcess, workerEnv } from '../../support/warroom-process.js';

const CHANNEL = 'C0BLIP';
/** When the outage starts: before the stage's 250 ms "show it running" request, as in the field run. */
const OUTAGE_AT_MS = 120;

describe('a Redis blip in the middle of a stage', () => {
  let redis: OwnRedis | undefined;
  let runtime: Runtime | undefined;
  let emulator: SlackEmulator | undefined;
  let worker: WarroomProcess | undefined;

  afterEach(async () => {
    await worker?.kill('SIGKILL');
    await runtime?.close();
    await redis?.dispose();
    await emulator?.close();
  });

  it('leaves the worker running, and the incident is diagnosed once Redis is back', async () => {
    redis = await ownRedis();
    emulator = await startSlackEmulator();
    const prefix = uniquePrefix('blip');
    runtime = createRuntime({ redisUrl: redis.url, prefix, logger: silentLogger() });
    worker = spawnWarroom(
      workerEnv({
        redisUrl: redis.url,
        prefix,
        slackUrl: emulator.url,
        extra: { LOG_LEVEL: 'debug', RULE_REASONER_LATENCY_MS: '600' },
      }),
    );
    await worker.started();
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
