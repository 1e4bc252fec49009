import { describe, expect, it } from 'vitest';
import { createAuthThrottle } from '../../../src/http/auth-throttle.js';

function clock() {
  let ms = 1_000_000;
  return { now: () => ms, advance: (seconds: number) => (ms += seconds * 1000) };
}

describe('auth throttle (a token bucket of failures per client)', () => {
  it('allows a burst of failures, then says how long to wait', () => {
    const time = clock();
    const throttle = createAuthThrottle({ capacity: 3, refillEverySeconds: 10, now: time.now });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('10.0.0.1')).toBeUndefined();
      throttle.recordFailure('10.0.0.1');
    }
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(10);
    time.advance(4);
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(6);
    time.advance(6);
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBeUndefined();
  });

  it('throttles each client on its own', () => {
    const throttle = createAuthThrottle({ capacity: 1, refillEverySeconds: 60, now: clock().now });
    throttle.recordFailure('10.0.0.1');
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(60);
    expect(throttle.retryAfterSeconds('10.0.0.2')).toBeUndefined();
  });

  it('refills to capacity, never beyond', () => {
    const time = clock();
    const throttle = createAuthThrottle({ capacity: 2, refillEverySeconds: 1, now: time.now });
    time.advance(3600);
    throttle.recordFailure('c');
    throttle.recordFailure('c');
    expect(throttle.retryAfterSeconds('c')).toBe(1);
  });

  it('forgets the longest-remembered client past maxClients', () => {
    const throttle = createAuthThrottle({
      capacity: 1,
      refillEverySeconds: 60,
      maxClients: 2,
      now: clock().now,
    });
    for (const client of ['a', 'b', 'c']) throttle.recordFailure(client);
    expect(throttle.retryAfterSeconds('a')).toBeUndefined();
    expect(throttle.retryAfterSeconds('b')).toBe(60);
    expect(throttle.retryAfterSeconds('c')).toBe(60);
  });
});
