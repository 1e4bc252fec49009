import { describe, expect, it } from 'vitest';
import { keySlot } from '../../../src/store/key-slot.js';

describe('keySlot', () => {
  it('answers as CLUSTER KEYSLOT does (values from the Redis documentation)', () => {
    expect(keySlot('somekey')).toBe(11058);
    expect(keySlot('foo{hash_tag}')).toBe(2515);
    expect(keySlot('{hash_tag}')).toBe(2515);
    expect(keySlot('foo')).toBe(12182);
  });

  it('hashes only a non-empty hash tag: the first { and the next }', () => {
    expect(keySlot('warroom:incident:{INC-0007}:ticket')).toBe(keySlot('INC-0007'));
    expect(keySlot('a{b}{c}')).toBe(keySlot('b'));
    expect(keySlot('{}x')).not.toBe(keySlot('x'));
    expect(keySlot('{}x')).toBe(keySlot('{}x'));
    expect(keySlot('x{')).not.toBe(keySlot(''));
    for (const key of ['', 'é', 'x'.repeat(500)]) expect(keySlot(key)).toBeLessThan(16_384);
  });
});
