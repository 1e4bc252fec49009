import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyBook } from '../../../src/domain/approval.js';
import { tallyIncidents } from '../../../src/domain/incident-stats.js';
import { createPostgresHistory, type PostgresHistory } from '../../../src/history/postgres-history.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { createThrowawayDatabase, postgresMissing, type ThrowawayDatabase } from '../../support/postgres.js';
import { DAY_START, type IncidentRecord, story, timelinesOf } from '../../unit/domain/incident-story.js';

const missing = await postgresMissing();
const MINUTE = 60_000;
const WINDOW = { from: new Date(DAY_START), to: new Date(Date.parse(DAY_START) + 12 * 60 * MINUTE) };

/** Incidents whose readings are each a trap for an aggregate written carelessly. */
function incidents(): IncidentRecord[] {
  return [
    // Two rounds: acknowledged at 9 m, waits of 4 and 3 m, resolved at 20 m (Partially first).
    story({ id: 'INC-0001', sev: 'sev1', alerts: 3 })
      .approvalRequested(5)
      .decision(9, 'changes_requested', 'U0ALICE')
      .approvalRequested(12, 2)
      .decision(15, 'approved', 'U0ALICE', { round: 2 })
      .status(20, 'Partially_Resolved')
      .status(25, 'Resolved')
      .build(),
    // The crew went ahead alone.
    story({ id: 'INC-0002', openedAt: 60, alerts: 2 }).decision(2, 'auto').status(4, 'Resolved').build(),
    // Alerts counted, but a duplicate is not an incident of its own.
    story({ id: 'INC-0003', openedAt: 120, alerts: 1 }).duplicateOf(0, 'INC-0001').build(),
    // A timeout is not a person's decision; the rejection after it is, 3 m after the ask.
    story({ id: 'INC-0004', openedAt: 180 })
      .approvalRequested(3)
      .decision(5, 'timed_out')
      .decision(6, 'rejected', 'U0BOB')
      .build(),
    // Read hot from Redis: the SQL must leave it out.
    story({ id: 'INC-0005', openedAt: 240 }).resolvedByHand(30, 'U0BOB', 'fixed').build(),
    // A decision whose round is not a number does not fit its kind (the store refuses to write
    // it): neither reading counts it. Closed by hand at 3 m, after that entry in the timeline but
    // before it in time: acknowledged at 3 m.
    story({ id: 'INC-0006', openedAt: 300 })
      .approvalRequested(2)
      .unfit(4, 'decision', { round: 'one', decision: 'approved', status: 'Remediating' }, 'U0CAROL')
      .resolvedByHand(3, 'U0CAROL', 'done by hand')
      .build(),
    // A decision stamped before the opening (clock skew): no negative acknowledgement.
    story({ id: 'INC-0007', openedAt: 360 }).approvalRequested(-2).decision(-1, 'approved', 'U0DAN').build(),
    // Outside the window, before and after.
    story({ id: 'INC-0000', openedAt: -2 * 24 * 60, alerts: 9 })
      .approvalRequested(1)
      .build(),
    story({ id: 'INC-0008', openedAt: 13 * 60, alerts: 5 }).build(),
  ];
}

function archived(record: IncidentRecord) {
  return {
    ...record,
    decisions: emptyBook(),
    outputs: {},
    runs: [],
    actions: [],
    alerts: {},
    slack: [],
    postmortem: null,
    closedAt: record.ticket.updatedAt,
  };
}

describe.skipIf(skipForMissingTool(missing))('stats from SQL aggregates over the history', () => {
  let database: ThrowawayDatabase;
  let history: PostgresHistory;

  beforeAll(async () => {
    requireTool(missing);
    database = await createThrowawayDatabase();
    history = createPostgresHistory(database.url);
    for (const record of incidents()) await history.archive(archived(record));
  });

  afterAll(async () => {
    await history?.close();
    await database?.drop();
  });

  it('equal the in-process tally over the same incidents, but those read hot', async () => {
    const records = incidents().filter((record) => record.ticket.id !== 'INC-0005');
    const expected = tallyIncidents(
      records.map((record) => record.ticket),
      timelinesOf(records),
      WINDOW,
    );
    const fromSql = await history.tally(WINDOW, ['INC-0005']);
    expect(fromSql).toEqual(expected);
    expect(fromSql).toMatchObject({
      incidents: 6,
      open: 1,
      alerts: 6,
      alertIncidents: 2,
      // INC-0001 at 9 m, INC-0004 at 6 m, INC-0006 at 3 m; INC-0007's is negative.
      acknowledge: { sum: 18 * MINUTE, count: 3 },
      // 4 and 3 m (INC-0001), 3 m (INC-0004), 1 m (INC-0007).
      approvalWait: { sum: 11 * MINUTE, count: 4 },
      // INC-0001 at 20 m, INC-0002 at 4 m, INC-0006 at 3 m.
      resolve: { sum: 27 * MINUTE, count: 3 },
      remediated: 3,
      auto: 1,
      humanDecisions: 4,
      approvals: 2,
      rejections: 1,
    });
    expect(fromSql.byStatus).toMatchObject({ Resolved: 3, Duplicate: 1, Rejected: 1, Remediating: 1 });
  });

  it('count nothing in a window with no incident, and nothing twice when every one is hot', async () => {
    const empty = { from: new Date(0), to: new Date(1) };
    const none = await history.tally(empty, []);
    expect(none).toMatchObject({ incidents: 0, acknowledge: { sum: 0, count: 0 }, humanDecisions: 0 });
    const ids = incidents().map((record) => record.ticket.id);
    expect((await history.tally(WINDOW, ids)).incidents).toBe(0);
  });
});
