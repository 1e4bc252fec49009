import { afterEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../src/dev/local/free-port.js';
import { type OwnRedis, ownRedis } from '../../support/own-redis.js';
import { type ProcessTestBed, processTestBed } from '../../support/process-test-bed.js';
import { openApiIncident } from '../../support/stage-runs.js';
import { waitFor, waitForStatus } from '../../support/test-runtime.js';

async function probe(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('a worker process started before its Redis', () => {
  let redis: OwnRedis | undefined;
  let bed: ProcessTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    await redis?.dispose();
  });

  it('serves its health routes, says what it waits for, and goes to work once Redis appears', async () => {
    const port = await freeLoopbackPort();
    redis = await ownRedis({ port, started: false });
    bed = await processTestBed({ redisUrl: redis.url });
    const worker = await bed.startWorker();
    const url = await worker.started();

    expect(await probe(`${url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
    expect(await probe(`${url}/readyz`)).toMatchObject({ status: 503, body: { ok: false, redis: false } });
    await worker.waitForLog(
      (line) => line.msg?.startsWith('waiting for Redis') === true,
      'waiting for Redis',
    );

    await redis.start();
    await waitFor(async () => ((await probe(`${url}/readyz`)).status === 200 ? true : undefined), {
      what: '/readyz to say ready',
    });
    await openApiIncident(bed.runtime.ctx, 'C0LATE');
    await waitForStatus(bed.runtime, 'INC-0001', [
      'Remediation_Recommended',
      'Awaiting_Approval',
      'False_Positive',
    ]);
    expect(worker.child.exitCode).toBeNull();
  });
});
