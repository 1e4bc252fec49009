import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type OwnRedis, ownRedis } from '../../support/own-redis.js';
import { type ProcessTestBed, processTestBed } from '../../support/process-test-bed.js';

/** How long Redis stays away: ioredis retries every 50 ms to 2 s on each of the worker's connections. */
const OUTAGE_MS = 3_000;
const ERROR_LEVEL = 50;

describe('a Redis outage in the log of a worker process', () => {
  let redis: OwnRedis | undefined;
  let bed: ProcessTestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    await redis?.dispose();
  });

  it('is one JSON line when it starts and one when Redis is back, with no raw console output', async () => {
    redis = await ownRedis();
    bed = await processTestBed({ redisUrl: redis.url });
    const worker = await bed.startWorker();

    await redis.kill();
    await worker.waitForLog((line) => line.msg?.startsWith('Redis unreachable') === true, 'the outage');
    await sleep(OUTAGE_MS);
    await redis.start();
    const back = await worker.waitForLog(
      (line) => line.msg?.startsWith('Redis reachable again') === true,
      'the recovery',
    );

    expect(worker.rawLines).toEqual([]);
    const errors = worker.logs.filter((line) => (line.level ?? 0) >= ERROR_LEVEL);
    expect(errors.map((line) => line.msg)).toEqual([
      'Redis unreachable: queues and workers wait and retry (logged once until it answers again)',
    ]);
    expect(worker.logs.filter((line) => line.msg?.startsWith('Redis reachable again'))).toHaveLength(1);
    // Every connection, queue and worker kept failing meanwhile: all of it went into one count.
    expect(back.errorsSuppressed).toBeGreaterThan(0);
    expect(back.downForMs).toBeGreaterThanOrEqual(OUTAGE_MS);
    expect(worker.child.exitCode).toBeNull();
  });
});
