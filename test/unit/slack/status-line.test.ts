import { describe, expect, it } from 'vitest';
import type { StageRun } from '../../../src/domain/stage-run.js';
import { wantedStatus } from '../../../src/slack/outbox/status-line.js';
import { ticketAt } from '../domain/incident-fixtures.js';
import { snapshotOf } from './incident-snapshot-fixture.js';

const run = (key: string, label: string, phase: StageRun['phase'], state: StageRun['state']): StageRun => ({
  key,
  label,
  phase,
  rank: 0,
  state,
  attempt: 1,
});

const diagnosing = [
  run('intake', 'Intake', 'diagnosis', 'done'),
  run('triage', 'Triage', 'diagnosis', 'running'),
];

describe('the thread status line', () => {
  it('says the crew is diagnosing while diagnosis stages run, the stages to come under it', () => {
    const snapshot = snapshotOf(ticketAt('Diagnosing'), { runs: diagnosing });
    expect(wantedStatus(snapshot, false)).toEqual({
      status: 'is diagnosing INC-0042…',
      loadingMessages: ['Triage…'],
    });
  });

  it('stays until the approval message is posted, then clears: the person has the decision in front of them', () => {
    const done = diagnosing.map((stage) => ({ ...stage, state: 'done' as const }));
    const waiting = snapshotOf(ticketAt('Awaiting_Approval'), { runs: done });
    expect(wantedStatus(waiting, false)).toBeUndefined();
    expect(wantedStatus(waiting, true)).toEqual({ status: '', loadingMessages: [] });
  });

  it('says the crew is remediating while fixers run, clears when a manual step waits for a person or at the close', () => {
    const fixing = [run('fix:a1', 'Restart api', 'remediation', 'running')];
    expect(wantedStatus(snapshotOf(ticketAt('Remediating'), { runs: fixing }), true)?.status).toBe(
      'is remediating INC-0042…',
    );
    const idle = { status: '', loadingMessages: [] };
    const fixed = [run('fix:a1', 'Restart api', 'remediation', 'done')];
    expect(wantedStatus(snapshotOf(ticketAt('Remediating'), { runs: fixed }), true)).toEqual(idle);
    expect(wantedStatus(snapshotOf(ticketAt('Resolved'), { runs: fixing }), false)).toEqual(idle);
  });
});
