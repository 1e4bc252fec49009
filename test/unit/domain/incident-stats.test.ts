import { describe, expect, it } from 'vitest';
import { computeStats, parseWindow } from '../../../src/domain/incident-stats.js';
import {
  DAY_START,
  type IncidentRecord,
  poolExhausted,
  restartDatabase,
  story,
  timelinesOf,
} from './incident-story.js';

const MINUTE = 60_000;
const NOW = new Date(Date.parse(DAY_START) + 12 * 60 * MINUTE);

/** One day of incidents; the figures below are worked out by hand from these minutes. */
function day(): IncidentRecord[] {
  return [
    // Acknowledged at 9 m (approval asked at 5 m, so a 4 m wait), resolved at 11 m.
    story({ id: 'INC-0001', sev: 'sev1', alerts: 3 })
      .diagnosed(2, poolExhausted, [restartDatabase])
      .approvalRequested(5)
      .decision(9, 'approved', 'U0ONCALL')
      .stage(10, 'fix:compute', 'restarted database', 20_000)
      .stage(11, 'verify', 'Resolved: healthy', 5_000)
      .status(11, 'Resolved')
      .build(),
    // The crew went ahead alone: no acknowledgement, resolved at 4 m.
    story({ id: 'INC-0002', openedAt: 60, alerts: 2 })
      .diagnosed(1, poolExhausted, [restartDatabase])
      .decision(2, 'auto')
      .stage(3, 'fix:compute', 'restarted database', 20_000)
      .status(4, 'Resolved')
      .build(),
    story({ id: 'INC-0003', openedAt: 120, sev: 'sev3', alerts: 1 }).duplicateOf(0, 'INC-0001').build(),
    // Acknowledged at 5 m by a rejection, 2 m after the ask.
    story({ id: 'INC-0004', openedAt: 180 }).approvalRequested(3).decision(5, 'rejected', 'U0SRE').build(),
    // Acknowledged at 8 m, 6 m after the ask; still open, diagnosing again.
    story({ id: 'INC-0005', openedAt: 240, sev: 'sev1', alerts: 4 })
      .approvalRequested(2)
      .decision(8, 'changes_requested', 'U0ONCALL', { reason: 'check the replica first' })
      .comment(9, 'U0DEV', 'replica lag is 0')
      .build(),
    // Closed by hand at 30 m: that is both its acknowledgement and its resolution.
    story({ id: 'INC-0006', openedAt: 300 })
      .resolvedByHand(30, 'U0SRE', 'flapping probe, fixed the check')
      .build(),
    // Two days earlier: outside the window.
    story({ id: 'INC-0000', openedAt: -2 * 24 * 60, alerts: 9 })
      .approvalRequested(1)
      .decision(2, 'rejected', 'U0SRE')
      .build(),
  ];
}

describe('parseWindow', () => {
  it('reads 24h and 7d, and defaults to the last 24 h', () => {
    expect(parseWindow(undefined, NOW)).toEqual({
      from: new Date('2026-03-13T20:00:00.000Z'),
      to: NOW,
      label: 'last 24 h',
    });
    expect(parseWindow('24h', NOW)?.label).toBe('last 24 h');
    expect(parseWindow('7d', NOW)).toEqual({
      from: new Date('2026-03-07T20:00:00.000Z'),
      to: NOW,
      label: 'last 7 days',
    });
    expect(parseWindow(' 1D ', NOW)?.label).toBe('last 1 day');
  });

  it.each(['', 'week', '0h', '7', '-1d', '91d', '721h', '24 h'])('refuses %j', (text) => {
    expect(parseWindow(text, NOW)).toBeUndefined();
  });
});

describe('computeStats', () => {
  const records = day();
  const stats = computeStats(
    records.map((record) => record.ticket),
    timelinesOf(records),
    parseWindow('24h', NOW) ?? { from: NOW, to: NOW },
  );

  it('counts the incidents opened in the window by their current status', () => {
    expect(stats.incidents).toBe(6);
    expect(stats.open).toBe(1);
    expect(stats.byStatus).toMatchObject({ Resolved: 3, Duplicate: 1, Rejected: 1, Diagnosing: 1 });
    expect(Object.values(stats.byStatus).reduce((sum, n) => sum + n, 0)).toBe(6);
  });

  it('measures acknowledgement from the opening to the first human decision', () => {
    // 9, 5, 8 and 30 minutes.
    expect(stats.meanTimeToAcknowledgeMs).toBe(13 * MINUTE);
    // 4, 2 and 6 minutes from the ask to the decision.
    expect(stats.meanApprovalWaitMs).toBe(4 * MINUTE);
  });

  it('measures resolution from the opening to Resolved', () => {
    // 11, 4 and 30 minutes.
    expect(stats.meanTimeToResolveMs).toBe(15 * MINUTE);
  });

  it('counts every alert over the incidents that came from alerts, duplicates folded in', () => {
    expect(stats.alerts).toBe(10);
    expect(stats.alertsPerIncident).toBeCloseTo(10 / 3);
  });

  it('rates decisions among those people made', () => {
    expect(stats.humanDecisions).toBe(3);
    expect(stats.approvalRate).toBeCloseTo(1 / 3);
    expect(stats.rejectionRate).toBeCloseTo(1 / 3);
    expect(stats.autoRemediatedShare).toBe(0.5);
  });

  it('says null, never NaN, when nothing measures a figure', () => {
    const window = { from: new Date(0), to: NOW };
    const empty = computeStats([], new Map(), window);
    expect(empty).toMatchObject({
      incidents: 0,
      open: 0,
      alerts: 0,
      humanDecisions: 0,
      meanTimeToAcknowledgeMs: null,
      meanApprovalWaitMs: null,
      meanTimeToResolveMs: null,
      alertsPerIncident: null,
      autoRemediatedShare: null,
      approvalRate: null,
      rejectionRate: null,
    });
    const untouched = story({ id: 'INC-0042' }).build();
    const quiet = computeStats([untouched.ticket], new Map(), window);
    expect(quiet.incidents).toBe(1);
    expect(JSON.stringify(quiet)).not.toContain('NaN');
  });
});
