import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../../src/store/keys.js';
import { createRolloutStore, type NewRollout, type RolloutStore } from '../../../src/store/rollout-store.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix, waitFor } from '../../support/test-runtime.js';

const draft: NewRollout = {
  service: 'shop',
  version: '2.0.0',
  phasesPct: [1, 50, 100],
  bakeSeconds: 5,
  requestedBy: 'U0SHOPLEAD',
  source: 'slack',
  createdAt: '2026-12-06T10:00:00.000Z',
  status: 'preflight',
};

describe('rollout store against the real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let store: RolloutStore;
  beforeEach(() => {
    prefix = uniquePrefix('rollouts');
    redis = new Redis(testRedisUrl());
    store = createRolloutStore(redis, createKeys(prefix));
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('numbers changes by their own counter, newest first in the list', async () => {
    const first = await store.open(draft);
    const second = await store.open({ ...draft, version: '2.0.1', createdAt: '2026-12-06T10:01:00.000Z' });
    expect([first.rollout.id, second.rollout.id]).toEqual(['CHG-0001', 'CHG-0002']);
    expect(first.created && second.created).toBe(true);
    expect((await store.recent(10)).map((rollout) => rollout.id)).toEqual(['CHG-0002', 'CHG-0001']);
    expect(await store.get('CHG-0001')).toMatchObject({
      status: 'preflight',
      phase: -1,
      pass: 0,
      switched: [],
      log: [],
    });
  });

  it('opens one change for a request delivered many times at once (Slack retries, pipeline redeliveries)', async () => {
    const opened = await Promise.all(Array.from({ length: 8 }, () => store.open(draft, 'req-1')));
    const ids = new Set(opened.map((entry) => entry.rollout.id));
    expect(ids.size).toBe(1);
    expect(opened.filter((entry) => entry.created)).toHaveLength(1);
    expect(await store.recent(10)).toHaveLength(1);
    // Positive control: another request key opens another change.
    expect((await store.open(draft, 'req-2')).created).toBe(true);
  });

  it('keeps a request key only for the window it is given: a retry inside it finds the change, the same request after it opens a new one', async () => {
    const first = await store.open(draft, 'same|shop|2.0.0', 1);
    const retry = await store.open(draft, 'same|shop|2.0.0', 1);
    expect(retry).toEqual({ rollout: first.rollout, created: false });
    const keys = createKeys(prefix);
    expect(await redis.ttl(keys.rolloutRequest('same|shop|2.0.0'))).toBeGreaterThan(0);
    await waitFor(
      async () => ((await redis.exists(keys.rolloutRequest('same|shop|2.0.0'))) === 0 ? true : undefined),
      {
        timeoutMs: 5_000,
        what: 'the request key to expire',
      },
    );
    const later = await store.open(draft, 'same|shop|2.0.0', 1);
    expect(later.created).toBe(true);
    expect(later.rollout.id).not.toBe(first.rollout.id);
    // Racing retries leave no stray change behind: the losers' drafts are gone.
    const raced = await Promise.all(Array.from({ length: 6 }, () => store.open(draft, 'race', 60)));
    expect(new Set(raced.map((entry) => entry.rollout.id)).size).toBe(1);
    const stored = await redis.keys(`${prefix}:change:*`);
    expect(stored).toHaveLength(3);
  });

  it('updates by compare-and-set: concurrent writers never lose a write', async () => {
    const { rollout } = await store.open(draft);
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        store.update(rollout.id, (current) => ({ ...current, switched: [...current.switched, index + 1] })),
      ),
    );
    expect((await store.get(rollout.id))?.switched.sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await store.update(rollout.id, () => undefined)).toMatchObject({ id: rollout.id });
    expect(await store.update('CHG-0099', (current) => current)).toBeUndefined();
  });
});
