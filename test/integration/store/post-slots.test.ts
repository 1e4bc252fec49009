import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../../src/store/keys.js';
import { claimPostSlot, claimSlot, POST_PRIORITY, type PostPriority } from '../../../src/store/post-slots.js';
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

  it('puts a decision ahead of cards and a card ahead of what can wait, each keeping its order', async () => {
    const at = (incidentId: string, priority: PostPriority) => ({
      channel: 'C2',
      incidentId,
      intervalMs: 1_000,
      priority,
    });
    const { card, decision, deferrable } = POST_PRIORITY;
    expect(await claimPostSlot(redis, keys, at('INC-1', card), T)).toBe(0);
    expect(await claimPostSlot(redis, keys, at('INC-2', deferrable), T)).toBe(1_000);
    expect(await claimPostSlot(redis, keys, at('INC-3', deferrable), T)).toBe(2_000);
    // A card takes INC-2's slot; INC-2 and INC-3 move one slot back, in their order.
    expect(await claimPostSlot(redis, keys, at('INC-4', card), T + 10)).toBe(990);
    // An approval goes ahead of that card too.
    expect(await claimPostSlot(redis, keys, at('INC-5', decision), T + 20)).toBe(980);
    // A second approval follows the first and still goes ahead of the card.
    expect(await claimPostSlot(redis, keys, at('INC-6', decision), T + 30)).toBe(1_970);
    // Everyone asking again learns where the line put them.
    const waits = await Promise.all(
      ['INC-5', 'INC-6', 'INC-4', 'INC-2', 'INC-3'].map((id) =>
        claimPostSlot(redis, keys, at(id, deferrable), T + 40),
      ),
    );
    expect(waits).toEqual([960, 1_960, 2_960, 3_960, 4_960]);
    // Each posts in its slot, and the channel's next free slot comes after the last of them.
    expect(await claimPostSlot(redis, keys, at('INC-5', decision), T + 1_000)).toBe(0);
    expect(await claimPostSlot(redis, keys, at('INC-7', deferrable), T + 1_000)).toBe(5_000);
  });

  it('keeps updates in a line of their own: a busy posting line does not hold an update up', async () => {
    const at = (incidentId: string) => ({ channel: 'C3', incidentId, intervalMs: 1_000 });
    expect(await claimPostSlot(redis, keys, at('INC-1'), T)).toBe(0);
    expect(await claimPostSlot(redis, keys, at('INC-2'), T)).toBe(1_000);
    expect(await claimSlot(redis, keys, 'update', at('INC-2'), T)).toBe(0);
    expect(await claimSlot(redis, keys, 'update', at('INC-1'), T)).toBe(1_000);
    // The card's update goes ahead of another incident's update of a note.
    const card = { ...at('INC-3'), priority: POST_PRIORITY.card };
    expect(await claimSlot(redis, keys, 'update', card, T + 10)).toBe(990);
    expect(await claimSlot(redis, keys, 'update', at('INC-1'), T + 20)).toBe(1_980);
  });
});
