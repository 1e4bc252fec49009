import { describe, expect, it } from 'vitest';
import { postmortemOf } from '../../../src/domain/postmortem.js';
import { postmortemMarkdown } from '../../../src/slack/blocks/postmortem-text.js';
import { poolExhausted, restartDatabase, story } from '../domain/incident-story.js';

const NOW = '2026-03-14T09:00:00.000Z';

/** The postmortem of a ticket and its timeline, as people read it. */
function buildPostmortem(...args: Parameters<typeof postmortemOf>): string {
  return postmortemMarkdown(postmortemOf(...args));
}

function resolvedIncident() {
  return story({ id: 'INC-0007', sev: 'sev1', alerts: 3, issue: 'checkout p99 > 5 s & 5xx <12%>' })
    .diagnosed(2, poolExhausted, [restartDatabase])
    .approvalRequested(5)
    .comment(6, 'U0DEV', 'pool graph agrees: 100/100 since 07:54')
    .decision(9, 'approved', 'U0ONCALL', { reason: 'matches the dashboards' })
    .stage(10, 'fix:compute', 'restarted database, 3/3 replicas healthy', 20_000)
    .stage(11, 'verify', 'Resolved: api p99 back to 180 ms', 5_000)
    .status(11, 'Resolved', 'api p99 back to 180 ms')
    .resolution('Rolling restart of database; p99 back to 180 ms.')
    .build();
}

describe('postmortemMarkdown', () => {
  const { ticket, timeline } = resolvedIncident();
  const text = buildPostmortem(ticket, timeline, {
    now: NOW,
    learned: ['Approvals of restart on slow@database: 4 of 5; confidence +4 next time'],
  });

  it('heads with the incident and sums it up with the decision and who took it', () => {
    expect(text.startsWith('*Postmortem · INC-0007 · sev1 · Resolved*')).toBe(true);
    expect(text).toContain('*api*: checkout p99 &gt; 5 s &amp; 5xx &lt;12%&gt;');
    expect(text).toContain('Opened 2026-03-14 08:00 UTC; Resolved after 11 m 00 s.');
    expect(text).toContain('Decision: approved by <@U0ONCALL>: “matches the dashboards”.');
    expect(text).toContain('Resolution: Rolling restart of database; p99 back to 180 ms.');
  });

  it('lays the timeline out in a code block with times and durations', () => {
    const table = /```\n([\s\S]*?)\n```/.exec(text)?.[1];
    expect(table?.split('\n')).toEqual([
      'When (UTC)      Since open  Took      Step        Detail',
      '03-14 08:00:00  0 ms        —         Detected    3 alerts, sev1',
      '03-14 08:02:00  2 m 00 s    4.2 s     Diagnosed   slow on database',
      '03-14 08:05:00  5 m 00 s    —         Asked       approval for round 1',
      '03-14 08:09:00  9 m 00 s    4 m 00 s  Decided     approved by U0ONCALL',
      '03-14 08:10:00  10 m 00 s   20.0 s    Remediated  compute',
      '03-14 08:11:00  11 m 00 s   5.0 s     Verified    Resolved: api p99 back to 180 ms',
      '03-14 08:11:00  11 m 00 s   11 m 00 s Closed      Resolved',
    ]);
  });

  it('gives the root cause with its evidence', () => {
    expect(text).toContain(
      '*Root cause*\n`slow` on *database* (confidence 82%, medium): Connection pool exhaustion on database slows every caller\nEvidence:\n• pool 100/100 in use for 6 m',
    );
  });

  it('lists the plan and what each step did', () => {
    expect(text).toContain(
      '• `a1` restart *database*: Rolling restart of database to drop stuck connections (medium risk)',
    );
    expect(text).toContain('• ✅ compute fixer: restarted database, 3/3 replicas healthy (20.0 s)');
    expect(text).toContain('• 🔎 verification: Resolved: api p99 back to 180 ms (5.0 s)');
  });

  it('quotes the comments with their authors and what the crew learned', () => {
    expect(text).toContain('*Comments*\n• <@U0DEV> (08:06 UTC): pool graph agrees: 100/100 since 07:54');
    expect(text).toContain(
      '*What the crew learned*\n• Approvals of restart on slow@database: 4 of 5; confidence +4 next time',
    );
  });

  it('stays honest about an incident closed by hand with nothing learned', () => {
    const byHand = story({ id: 'INC-0008' }).resolvedByHand(30, 'U0SRE', 'flapping probe').build();
    const short = buildPostmortem(byHand.ticket, byHand.timeline, { now: NOW });
    expect(short).toContain('Decision: none was taken.');
    expect(short).toContain('By hand     resolved by U0SRE');
    expect(short).toContain('_No root cause was established._');
    expect(short).toContain('_No remediation was planned or run._');
    expect(short).toContain('_No comments in the thread._');
    expect(short).toContain('_Nothing new this time._');
  });

  it('says how long a still-open incident has been open, and names failures', () => {
    const open = story({ id: 'INC-0009', alerts: 1 })
      .diagnosed(2, poolExhausted, [restartDatabase])
      .decision(3, 'auto')
      .stageFailed(5, 'fix:compute', 'kubectl: connection refused')
      .build();
    const text = buildPostmortem(open.ticket, open.timeline, { now: '2026-03-14T08:45:00.000Z' });
    expect(text).toContain('now Remediating, open for 45 m 00 s.');
    expect(text).toContain('Decision: auto-approved at high confidence.');
    expect(text).toContain('• ❌ compute fixer failed: kubectl: connection refused');
    expect(text).toContain('Remediated  compute (1 failed)');
  });

  it('keeps a hostile comment from breaking the code block or the markup', () => {
    const noisy = story({ id: 'INC-0010' }).comment(1, 'U0DEV', '```\n<!channel> & *bold*').build();
    const text = buildPostmortem(noisy.ticket, noisy.timeline, { now: NOW });
    expect(text).not.toContain('<!channel>');
    expect(text.match(/```/g)).toHaveLength(2);
    expect(text).toContain("(08:01 UTC): ''' &lt;!channel&gt; &amp; *bold*");
  });

  it('shows the feedback on the root cause under it: who, when, and whether it teaches the crew', () => {
    const { ticket, timeline } = story({ id: 'INC-0011' })
      .diagnosed(2, poolExhausted, [restartDatabase])
      .causeFeedback(3, 'U0LEAD', { verdict: 'right', counted: true })
      .causeFeedback(4, 'U0DEV', { verdict: 'wrong', counted: false })
      .causeFeedback(7, 'U0LEAD', { verdict: 'wrong', counted: true, replaces: 'right' })
      .build();
    const text = buildPostmortem(ticket, timeline, { now: NOW });
    const section = text.slice(text.indexOf('*Root cause*'), text.indexOf('*Actions taken and results*'));
    expect(section).toContain(
      [
        'Feedback on the root cause:',
        '• <@U0LEAD> (08:03 UTC): Right cause · replaced by their later click',
        '• <@U0DEV> (08:04 UTC): Wrong cause · not an approver: shown, not learned',
        "• <@U0LEAD> (08:07 UTC): Wrong cause · an approver's, teaches the crew",
      ].join('\n'),
    );
    expect(
      buildPostmortem(resolvedIncident().ticket, resolvedIncident().timeline, { now: NOW }),
    ).not.toContain('Feedback on the root cause');
  });
});
