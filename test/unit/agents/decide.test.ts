import { describe, expect, it } from 'vitest';
import { decideRoute, type RouteInput } from '../../../src/agents/decide.js';

const CONFIDENT_AND_SAFE: RouteInput = {
  confidence: 92,
  guard: 'allow',
  dryRunHelps: true,
  autoRemediate: true,
  killSwitch: false,
};

describe('decideRoute', () => {
  it('remediates automatically only when every gate agrees', () => {
    expect(decideRoute(CONFIDENT_AND_SAFE).route).toBe('auto');
  });

  it.each([
    [84, 'approval'],
    [85, 'auto'],
    [50, 'approval'],
    [49, 'escalate'],
    [0, 'escalate'],
    [100, 'auto'],
  ] as const)('routes confidence %i to %s at the band edges', (confidence, route) => {
    expect(decideRoute({ ...CONFIDENT_AND_SAFE, confidence }).route).toBe(route);
  });

  it.each([
    ['AUTO_REMEDIATE off', { autoRemediate: false }, /AUTO_REMEDIATE is off/],
    ['kill switch on', { killSwitch: true }, /kill switch is on/],
    ['confidence under 85', { confidence: 84 }, /confidence 84 is under 85/],
    ['guard warned', { guard: 'warn' }, /guard warned/],
    ['guard blocked', { guard: 'block' }, /guard blocked/],
    ['dry run predicts no help', { dryRunHelps: false }, /will not help/],
    ['no dry run', { dryRunHelps: null }, /no dry run/],
  ] as const)('refuses auto when only %s, and says why', (_, change, why) => {
    const decision = decideRoute({ ...CONFIDENT_AND_SAFE, ...change });
    expect(decision.route).toBe('approval');
    expect(decision.reasons).toHaveLength(1);
    expect(decision.reasons[0]).toMatch(why);
  });

  it('lists every reason auto was refused, and the escalation', () => {
    const decision = decideRoute({
      confidence: 30,
      guard: 'block',
      dryRunHelps: false,
      autoRemediate: false,
      killSwitch: true,
    });
    expect(decision.route).toBe('escalate');
    expect(decision.reasons).toHaveLength(6);
    expect(decision.reasons.at(-1)).toBe('confidence 30 is under 50: approvers are mentioned');
  });

  it('escalates a low-confidence plan even when auto-remediation is off', () => {
    expect(decideRoute({ ...CONFIDENT_AND_SAFE, autoRemediate: false, confidence: 49 }).route).toBe(
      'escalate',
    );
  });

  it('says why when it does remediate', () => {
    expect(decideRoute(CONFIDENT_AND_SAFE).reasons).toEqual([
      'confidence 92 ≥ 85, guard passed, dry run helps',
    ]);
  });

  it('honours configured thresholds', () => {
    const thresholds = { auto: 95, escalate: 70 };
    expect(decideRoute({ ...CONFIDENT_AND_SAFE, confidence: 94, thresholds }).route).toBe('approval');
    expect(decideRoute({ ...CONFIDENT_AND_SAFE, confidence: 95, thresholds }).route).toBe('auto');
    expect(decideRoute({ ...CONFIDENT_AND_SAFE, confidence: 69, thresholds }).route).toBe('escalate');
  });

  it('rejects thresholds where escalation sits above auto-remediation', () => {
    expect(() => decideRoute({ ...CONFIDENT_AND_SAFE, thresholds: { auto: 60, escalate: 70 } })).toThrow(
      /escalate threshold/,
    );
  });
});
