import { describe, expect, it } from 'vitest';
import { postmortemOf } from '../../../src/domain/postmortem.js';
import { poolExhausted, restartDatabase, story } from './incident-story.js';

const NOW = '2026-03-14T09:00:00.000Z';

describe('postmortemOf', () => {
  it('reads the typed timeline into data: the go-ahead, the rows, the results in order, the comments', () => {
    const { ticket, timeline } = story({ id: 'INC-0007', alerts: 2, issue: 'p99 <5 s> & 5xx' })
      .diagnosed(2, poolExhausted, [restartDatabase])
      .approvalRequested(5)
      .comment(6, 'U0DEV', 'pool graph agrees')
      .decision(9, 'overridden', 'U0ONCALL', { steps: ['restart database'] })
      .stage(10, 'fix:compute', 'restarted database', 20_000)
      .stageFailed(11, 'verify', 'p99 still 4 s')
      .build();
    const postmortem = postmortemOf(ticket, timeline, { now: NOW, learned: ['restart: 1 of 1'] });

    expect(postmortem.closed).toBe(false);
    expect(postmortem.tookMs).toBe(60 * 60_000);
    expect(postmortem.decision).toMatchObject({ kind: 'overridden', by: 'U0ONCALL', round: 1 });
    expect(postmortem.results).toEqual([
      { kind: 'fixer', name: 'compute', failed: false, summary: 'restarted database', durationMs: 20_000 },
      { kind: 'verification', failed: true, summary: 'p99 still 4 s' },
      { kind: 'steps_given', by: 'U0ONCALL', steps: ['restart database'] },
    ]);
    expect(postmortem.rows.map((row) => [row.step, row.detail])).toEqual([
      ['Detected', '2 alerts, sev2'],
      ['Diagnosed', 'slow on database'],
      ['Asked', 'approval for round 1'],
      ['Decided', 'overridden with their own steps by U0ONCALL'],
      ['Remediated', 'compute'],
      ['Verify', 'p99 still 4 s'],
    ]);
    expect(postmortem.comments).toEqual([
      { at: '2026-03-14T08:06:00.000Z', by: 'U0DEV', text: 'pool graph agrees' },
    ]);
    expect(postmortem.learned).toEqual(['restart: 1 of 1']);
    // Data, not mrkdwn: nothing is escaped or marked up yet.
    expect(postmortem.ticket.issue).toBe('p99 <5 s> & 5xx');
  });

  it('leaves out entries whose details do not fit their kind, and kinds it does not know', () => {
    const { ticket, timeline } = story({ id: 'INC-0008' })
      .approvalRequested(1)
      .unfit(2, 'decision', { round: 'one', decision: 'approved', status: 'Remediating' }, 'U0A')
      .unfit(3, 'manual_step.done', {}, 'U0B')
      .unfit(4, 'stage.exploded', { stage: 'rca' })
      .resolvedByHand(5, 'U0SRE', 'flapping probe')
      .build();
    const postmortem = postmortemOf(ticket, timeline, { now: NOW });
    expect(postmortem.decision).toBeUndefined();
    expect(postmortem.results).toEqual([]);
    expect(postmortem.rows.map((row) => row.step)).toEqual(['Detected', 'Asked', 'By hand', 'Closed']);
  });

  it('lists every click on the root cause, who and when, and which still stand', () => {
    const { ticket, timeline } = story({ id: 'INC-0009' })
      .diagnosed(2, poolExhausted, [restartDatabase])
      .causeFeedback(3, 'U0LEAD', { verdict: 'wrong', counted: true })
      .causeFeedback(4, 'U0DEV', { verdict: 'right', counted: false })
      .causeFeedback(5, 'U0LEAD', { verdict: 'right', counted: true, replaces: 'wrong' })
      .unfit(6, 'rca.feedback', { verdict: 'maybe', counted: true }, 'U0DEV')
      .build();
    expect(postmortemOf(ticket, timeline, { now: NOW }).causeFeedback).toEqual([
      { at: '2026-03-14T08:03:00.000Z', by: 'U0LEAD', verdict: 'wrong', counted: true, replaced: true },
      { at: '2026-03-14T08:04:00.000Z', by: 'U0DEV', verdict: 'right', counted: false, replaced: false },
      { at: '2026-03-14T08:05:00.000Z', by: 'U0LEAD', verdict: 'right', counted: true, replaced: false },
    ]);
    expect(postmortemOf(story({ id: 'INC-0010' }).build().ticket, [], { now: NOW }).causeFeedback).toEqual(
      [],
    );
  });
});
