import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../../src/store/keys.js';
import { claimPostSlot } from '../../../src/store/post-slots.js';
import type { Redis } from '../../../src/store/redis.js';
import { closeRedis, createRedis } from '../../../src/store/redis.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../support/test-runtime.js';

describe('channel posting slots', () => {
  const prefix = uniquePrefix('post-slots');
  const keys = createKeys(prefix);
  let redis: Redis;
  const T = 1_000_000;
  const slot = (incidentId: string) => ({ channel: 'C1', incidentId, intervalMs: 1_000 });

  beforeAll(() => {
    redis = createRedis(testRedisUrl(), 'command');
  });
  afterAll(async () => {
    await closeRedis(redis);
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('queues incidents one interval apart, honours a reservation on time, and sends a late one to the back', async () => {
    expect(await claimPostSlot(redis, keys, slot('INC-1'), T)).toBe(0);
    expect(await claimPostSlot(redis, keys, slot('INC-2'), T)).toBe(1_000);
    expect(await claimPostSlot(redis, keys, slot('INC-3'), T)).toBe(2_000);
    // Asking again while waiting keeps the same place in the line.
    expect(await claimPostSlot(redis, keys, slot('INC-2'), T + 400)).toBe(600);

    // INC-2 comes back on time: it posts.
    expect(await claimPostSlot(redis, keys, slot('INC-2'), T + 1_050)).toBe(0);
    // INC-3 comes back 900 ms after its slot, right before the next one: it queues again instead
    // of posting in a burst with INC-4, which claimed the slot after it.
    expect(await claimPostSlot(redis, keys, slot('INC-4'), T + 1_100)).toBe(1_900);
    expect(await claimPostSlot(redis, keys, slot('INC-3'), T + 2_900)).toBe(1_100);
    expect(await claimPostSlot(redis, keys, slot('INC-4'), T + 3_000)).toBe(0);
    expect(await claimPostSlot(redis, keys, slot('INC-3'), T + 4_000)).toBe(0);
  });
});
