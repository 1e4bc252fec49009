import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../../src/store/keys.js';
import { createStepRecords, type StepRecords } from '../../../src/store/step-records.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../support/test-runtime.js';

const start = {
  executor: 'lab-host',
  renderedMasked: 'run /bin/true',
  approvedBy: ['U0LEAD'],
  startedAt: 1000,
};
const ref = { incidentId: 'INC-0001', round: 1, stepId: 'restart-api' };

describe('step records against the real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let records: StepRecords;
  beforeEach(() => {
    prefix = uniquePrefix('steps');
    redis = new Redis(testRedisUrl());
    records = createStepRecords(redis, createKeys(prefix));
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('records a start once: a second start of the same step is refused and the first stands', async () => {
    expect(await records.recordStart(ref, start)).toBe(true);
    expect(await records.recordStart(ref, { ...start, approvedBy: ['U0OTHER'], startedAt: 2000 })).toBe(
      false,
    );
    expect(await records.read(ref)).toEqual({ ref: { ...ref, phase: 'apply' }, start });
  });

  it('lets many concurrent starts of one step win exactly once', async () => {
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, index) => records.recordStart(ref, { ...start, startedAt: index })),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('records an outcome only after a start, and only the first one', async () => {
    const outcome = { outcome: 'ok' as const, source: 'executor' as const, finishedAt: 1500 };
    expect(await records.recordOutcome(ref, outcome)).toBe(false);
    expect(await records.read(ref)).toBeUndefined();
    await records.recordStart(ref, start);
    expect(await records.recordOutcome(ref, outcome)).toBe(true);
    expect(await records.recordOutcome(ref, { ...outcome, outcome: 'failed' })).toBe(false);
    expect((await records.read(ref))?.outcome).toEqual(outcome);
  });

  it('keeps rounds, phases and incidents apart', async () => {
    await records.recordStart(ref, start);
    expect(await records.recordStart({ ...ref, round: 2 }, start)).toBe(true);
    expect(await records.recordStart({ ...ref, phase: 'rollback' }, start)).toBe(true);
    expect(await records.recordStart({ ...ref, incidentId: 'INC-0002' }, start)).toBe(true);
    expect(await records.read({ ...ref, round: 3 })).toBeUndefined();
  });

  it('lists the starts with no outcome, oldest first', async () => {
    await records.recordStart({ ...ref, stepId: 'late' }, { ...start, startedAt: 3000 });
    await records.recordStart({ ...ref, stepId: 'early' }, { ...start, startedAt: 1000 });
    await records.recordStart({ ...ref, stepId: 'finished' }, start);
    await records.recordOutcome(
      { ...ref, stepId: 'finished' },
      { outcome: 'ok', source: 'executor', finishedAt: 2 },
    );
    await records.recordStart({ ...ref, stepId: 'early', phase: 'rollback' }, { ...start, startedAt: 4000 });
    const unresolved = await records.unresolvedStarts(ref.incidentId);
    expect(unresolved.map((record) => [record.ref.stepId, record.ref.phase])).toEqual([
      ['early', 'apply'],
      ['late', 'apply'],
      ['early', 'rollback'],
    ]);
    expect(await records.unresolvedStarts('INC-0404')).toEqual([]);
  });
});
