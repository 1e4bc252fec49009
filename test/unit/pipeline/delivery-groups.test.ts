import { describe, expect, it } from 'vitest';
import { createDeliveryGroups, type GroupFailures } from '../../../src/pipeline/ingest/delivery-groups.js';

/** A placeGroup that records each group and finishes it when told. */
function recordingGroups(outcome: (ids: string[]) => GroupFailures | Error = () => new Map()) {
  const groups: string[][] = [];
  const finish: Array<() => void> = [];
  const placer = createDeliveryGroups(async (ids) => {
    groups.push(ids);
    await new Promise<void>((resolve) => finish.push(resolve));
    const result = outcome(ids);
    if (result instanceof Error) throw result;
    return result;
  });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { placer, groups, finish, settle };
}

describe('delivery groups of one ingest worker', () => {
  it('places deliveries started together as one group, and those that start meanwhile as the next, in order', async () => {
    const { placer, groups, finish, settle } = recordingGroups();
    const first = [placer.place('a'), placer.place('b')];
    await settle();
    const later = [placer.place('c'), placer.place('d'), placer.place('e')];
    await settle();
    // One group at a time: c, d and e wait for a and b.
    expect(groups).toEqual([['a', 'b']]);
    finish.shift()?.();
    await Promise.all(first);
    await settle();
    expect(groups).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    finish.shift()?.();
    await Promise.all(later);
    // Idle again: the next delivery starts a group of its own.
    const alone = placer.place('f');
    await settle();
    finish.shift()?.();
    await alone;
    expect(groups.at(-1)).toEqual(['f']);
  });

  it('fails only the deliveries the group names, and every one of them when the group throws', async () => {
    const failing = recordingGroups((ids) =>
      ids.includes('bad') ? new Map([['bad', new Error('unreadable batch')]]) : new Error('Redis is down'),
    );
    const good = failing.placer.place('good');
    const bad = failing.placer.place('bad');
    await failing.settle();
    failing.finish.shift()?.();
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow('unreadable batch');
    const lost = [failing.placer.place('x'), failing.placer.place('y')];
    await failing.settle();
    failing.finish.shift()?.();
    for (const delivery of lost) await expect(delivery).rejects.toThrow('Redis is down');
  });
});
