import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyAdjustment,
  confidenceAdjustment,
  emptyStats,
  faultSignature,
  type HumanDecision,
  LearningStats,
  MAX_ADJUSTMENT,
  recordDecision,
  recordOutcome,
  SpecialistThresholds,
  updateSpecialistThreshold,
} from '../../../src/agents/learning.js';
import { confidenceBand } from '../../../src/domain/confidence.js';

const base = () => emptyStats(faultSignature('crash', 'api'), 'restart');

function withDecisions(decisions: readonly HumanDecision[], stats = base()): LearningStats {
  return decisions.reduce(recordDecision, stats);
}

const count = fc.nat({ max: 40 });
const arbitraryStats = fc
  .record({
    approvals: count,
    rejections: count,
    overrides: count,
    changeRequests: count,
    timeouts: count,
    successes: count,
    failures: count,
    rollbacks: count,
    rightCauses: count,
    wrongCauses: count,
  })
  .map((counts) => ({ ...base(), ...counts }));
/** Human votes: decisions on plans and approvers' verdicts on root causes. */
const decisionsOf = (stats: LearningStats) =>
  stats.approvals +
  stats.rejections +
  stats.overrides +
  stats.changeRequests +
  stats.rightCauses +
  stats.wrongCauses;
const withCauses = (right: number, wrong: number, stats = base()): LearningStats => ({
  ...stats,
  rightCauses: right,
  wrongCauses: wrong,
});

describe('recording', () => {
  it('counts each decision in its own tally and leaves the input untouched', () => {
    const before = base();
    const after = withDecisions(
      ['approve', 'approve', 'reject', 'override', 'request_changes', 'timeout'],
      before,
    );
    expect(after).toMatchObject({
      approvals: 2,
      rejections: 1,
      overrides: 1,
      changeRequests: 1,
      timeouts: 1,
    });
    expect(before.approvals).toBe(0);
  });

  it('counts a rolled-back fix as a failure and a rollback', () => {
    let stats = recordOutcome(base(), { resolved: true, rolledBack: false });
    stats = recordOutcome(stats, { resolved: true, rolledBack: true });
    stats = recordOutcome(stats, { resolved: false, rolledBack: false });
    expect(stats).toMatchObject({ successes: 1, failures: 2, rollbacks: 1 });
  });

  it('round-trips through JSON and the schema', () => {
    const stats = recordOutcome(withDecisions(['approve', 'reject']), { resolved: true, rolledBack: false });
    expect(LearningStats.parse(JSON.parse(JSON.stringify(stats)))).toEqual(stats);
    expect(() => LearningStats.parse({ ...stats, signature: 'no-at-sign' })).toThrow();
    expect(() => LearningStats.parse({ ...stats, approvals: -1 })).toThrow();
  });
});

describe('confidenceAdjustment', () => {
  it('is zero, with a reason, without history', () => {
    expect(confidenceAdjustment(withDecisions(['timeout']))).toEqual({
      delta: 0,
      reason: '0: no decisions yet for crash on api',
      decisions: 0,
    });
  });

  it('reads "+6: approved 5 of 5 times for crash on api"', () => {
    const adjustment = confidenceAdjustment(withDecisions(Array(5).fill('approve')));
    expect(adjustment).toEqual({
      delta: 6,
      reason: '+6: approved 5 of 5 times for crash on api',
      decisions: 5,
    });
  });

  it('lowers confidence after rejections and names them', () => {
    const adjustment = confidenceAdjustment(
      withDecisions(['reject', 'override', 'request_changes', 'reject', 'reject', 'approve']),
    );
    expect(adjustment.delta).toBe(-4);
    expect(adjustment.reason).toBe('−4: rejected 5 of 6 times for crash on api');
  });

  it('holds a few votes to ±4 and says so', () => {
    const adjustment = confidenceAdjustment(withDecisions(['approve', 'approve', 'approve', 'approve']));
    expect(adjustment.delta).toBe(4);
    expect(adjustment.reason).toBe(
      '+4: approved 4 of 4 times for crash on api (held to ±4 until 5 decisions agree)',
    );
  });

  it('lets outcomes count, and reports them', () => {
    let stats = withDecisions(Array(6).fill('approve'));
    for (let run = 0; run < 6; run++) stats = recordOutcome(stats, { resolved: true, rolledBack: false });
    expect(confidenceAdjustment(stats)).toMatchObject({
      delta: 8,
      reason: '+8: approved 6 of 6 times, worked 6 of 6 runs for crash on api',
    });
  });

  it('counts approvers’ verdicts on the root cause: a wrong cause lowers, a right one raises, and says so', () => {
    expect(confidenceAdjustment(withCauses(0, 1))).toEqual({
      delta: -2,
      reason: '−2: root cause called wrong 1 of 1 times for crash on api',
      decisions: 1,
    });
    expect(confidenceAdjustment(withCauses(2, 0, withDecisions(['approve', 'approve', 'approve'])))).toEqual({
      delta: 6,
      reason: '+6: approved 3 of 3 times, root cause called right 2 of 2 times for crash on api',
      decisions: 5,
    });
    // Verdicts are votes like decisions: four of them stay within ±4.
    expect(confidenceAdjustment(withCauses(0, 4)).delta).toBe(-4);
    expect(confidenceAdjustment(withCauses(0, 5)).delta).toBe(-6);
  });

  it('stays within ±10, and within ±4 under 5 decisions', () => {
    fc.assert(
      fc.property(arbitraryStats, (stats) => {
        const { delta } = confidenceAdjustment(stats);
        expect(Math.abs(delta)).toBeLessThanOrEqual(MAX_ADJUSTMENT);
        expect(Number.isInteger(delta)).toBe(true);
        if (decisionsOf(stats) < 5) expect(Math.abs(delta)).toBeLessThanOrEqual(4);
      }),
    );
  });

  it('never falls with one more approval or right cause, nor rises with one more rejection or wrong cause', () => {
    fc.assert(
      fc.property(arbitraryStats, (stats) => {
        const { delta } = confidenceAdjustment(stats);
        expect(confidenceAdjustment(recordDecision(stats, 'approve')).delta).toBeGreaterThanOrEqual(delta);
        expect(confidenceAdjustment(recordDecision(stats, 'reject')).delta).toBeLessThanOrEqual(delta);
        const { rightCauses: right, wrongCauses: wrong } = stats;
        expect(confidenceAdjustment(withCauses(right + 1, wrong, stats)).delta).toBeGreaterThanOrEqual(delta);
        expect(confidenceAdjustment(withCauses(right, wrong + 1, stats)).delta).toBeLessThanOrEqual(delta);
      }),
    );
  });
});

describe('applyAdjustment', () => {
  const adjustment = (delta: number, decisions: number) => ({ delta, reason: '', decisions });

  it.each([
    [84, 4, 2, 84],
    [80, 4, 2, 84],
    [85, -4, 2, 85],
    [50, -4, 3, 50],
    [49, 4, 4, 49],
    [84, 4, 5, 88],
    [49, 6, 5, 55],
    [98, 6, 9, 100],
    [3, -8, 9, 0],
  ])('%i + (%i) with %i decisions → %i', (score, delta, decisions, expected) => {
    expect(applyAdjustment(score, adjustment(delta, decisions))).toBe(expected);
  });

  it('crosses a band with few decisions only when the band guard is off', () => {
    expect(applyAdjustment(84, adjustment(4, 2), false)).toBe(88);
  });

  it('never leaves 0..100 and never crosses a band with fewer than 5 decisions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), arbitraryStats, (score, stats) => {
        const change = confidenceAdjustment(stats);
        const adjusted = applyAdjustment(score, change);
        expect(adjusted).toBeGreaterThanOrEqual(0);
        expect(adjusted).toBeLessThanOrEqual(100);
        if (change.decisions < 5) expect(confidenceBand(adjusted)).toBe(confidenceBand(score));
      }),
    );
  });
});

describe('updateSpecialistThreshold', () => {
  it('lowers by 2 when useful and raises by 3 when not, between 50 and 85', () => {
    expect(updateSpecialistThreshold(60, true)).toBe(58);
    expect(updateSpecialistThreshold(60, false)).toBe(63);
    expect(updateSpecialistThreshold(51, true)).toBe(50);
    expect(updateSpecialistThreshold(84, false)).toBe(85);
  });

  it('stays within 50..85 whatever happens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 85 }), fc.array(fc.boolean()), (start, verdicts) => {
        const end = verdicts.reduce(updateSpecialistThreshold, start);
        expect(SpecialistThresholds.parse({ web: end })).toEqual({ web: end });
      }),
    );
  });
});
