import { describe, expect, it } from 'vitest';
import { FaultPlan } from '../../../src/dev/slack-emulator/faults.js';
import { decodedForRecord, jsonField } from '../../../src/dev/slack-emulator/params.js';
import { TokenBucketLimiter } from '../../../src/dev/slack-emulator/rate-limit.js';
import { compareTs, SlackClock } from '../../../src/dev/slack-emulator/slack-clock.js';

describe('SlackClock', () => {
  it('gives Slack-looking ts values that strictly increase even within one millisecond', () => {
    const clock = new SlackClock(() => 1_732_233_445_000);
    const a = clock.next();
    const b = clock.next();
    expect(a).toBe('1732233445.000000');
    expect(b).toBe('1732233445.000001');
    expect(compareTs(a, b)).toBeLessThan(0);
  });
});

describe('TokenBucketLimiter', () => {
  it('allows a burst, refuses beyond it, refills over time, per key', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(3, 1, () => now);
    expect([1, 2, 3].map(() => limiter.take('C1').allowed)).toEqual([true, true, true]);
    expect(limiter.take('C1')).toEqual({ allowed: false, retryAfterSec: 1 });
    expect(limiter.take('C2').allowed).toBe(true);
    now = 1000;
    expect(limiter.take('C1').allowed).toBe(true);
    expect(limiter.take('C1').allowed).toBe(false);
  });
});

describe('FaultPlan', () => {
  it('serves n faults per method, then the wildcard, then nothing', () => {
    const plan = new FaultPlan();
    plan.failNext('chat.postMessage', 2, { status: 500 });
    plan.failNext('*', 1, { error: 'fatal_error' });
    expect(plan.takeFault('chat.postMessage')).toEqual({ status: 500 });
    expect(plan.takeFault('chat.update')).toEqual({ error: 'fatal_error' });
    expect(plan.takeFault('chat.postMessage')).toEqual({ status: 500 });
    expect(plan.takeFault('chat.postMessage')).toBeUndefined();
    plan.delayNext('views.open', 50);
    expect(plan.takeDelay('views.open')).toBe(50);
    expect(plan.takeDelay('views.open')).toBe(0);
  });
});

describe('params', () => {
  it('reads JSON-string fields from forms and plain values from JSON bodies', () => {
    expect(jsonField({ blocks: '[{"type":"divider"}]' }, 'blocks')).toEqual({
      present: true,
      value: [{ type: 'divider' }],
    });
    expect(jsonField({ blocks: [] }, 'blocks')).toEqual({ present: true, value: [] });
    expect(jsonField({ blocks: '[{' }, 'blocks')).toEqual({ present: true, invalid: true });
    expect(jsonField({}, 'blocks')).toEqual({ present: false });
    expect(decodedForRecord({ view: '{"type":"modal"}', text: 'hi' })).toEqual({
      view: { type: 'modal' },
      text: 'hi',
    });
  });
});
