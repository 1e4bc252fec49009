import { describe, expect, it } from 'vitest';
import { pairStepRecords, slackMessagesOf } from '../../../src/store/incident-dump.js';

describe('incident dump', () => {
  it('pairs each step start with its outcome, in round, step and phase order', () => {
    const start = JSON.stringify({ executor: 'api-http', startedAt: 1 });
    const outcome = JSON.stringify({ outcome: 'ok', finishedAt: 2 });
    expect(
      pairStepRecords({
        '2|b|apply|start': start,
        '1|a|rollback|start': start,
        '1|a|apply|outcome': outcome,
        '1|a|apply|start': start,
        'not a step field': 'x',
      }),
    ).toEqual([
      { round: 1, stepId: 'a', phase: 'apply', start: JSON.parse(start), outcome: JSON.parse(outcome) },
      { round: 1, stepId: 'a', phase: 'rollback', start: JSON.parse(start) },
      { round: 2, stepId: 'b', phase: 'apply', start: JSON.parse(start) },
    ]);
  });

  it('turns the outbox records into permalinks and leaves pending marks out', () => {
    const record = (ts: string) =>
      JSON.stringify({ channel: 'C0OPS', ts, digest: 'd', revision: 1, updatedAtMs: 0 });
    expect(
      slackMessagesOf({
        card: record('1700000000.000100'),
        rca: record('1700000001.000200'),
        'pending:plan': '5',
        'stream:progress': JSON.stringify({
          state: 'stopped',
          ts: '1700000000.000150',
          channel: 'C0OPS',
          sent: {},
        }),
        'status-line': JSON.stringify({ status: '', updatedAtMs: 0 }),
      }),
    ).toEqual([
      {
        key: 'card',
        channel: 'C0OPS',
        ts: '1700000000.000100',
        permalink: 'https://slack.com/archives/C0OPS/p1700000000000100',
      },
      {
        key: 'rca',
        channel: 'C0OPS',
        ts: '1700000001.000200',
        permalink: 'https://slack.com/archives/C0OPS/p1700000001000200',
      },
    ]);
  });
});
