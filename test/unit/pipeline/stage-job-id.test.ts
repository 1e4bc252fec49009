import { describe, expect, it } from 'vitest';
import { JOB_CATALOG } from '../../../src/jobs.js';
import { type JobData, type JobName, stageJobId } from '../../../src/pipeline/job-catalog.js';

const incidentId = 'INC-0042';

/** One job of each kind that has a deterministic id, with the id it must get. */
const IDS: ReadonlyArray<{ [N in JobName]: readonly [N, JobData<N>, string] }[JobName]> = [
  ['intake', { incidentId }, 'INC-0042-intake'],
  ['triage', { incidentId }, 'INC-0042-triage'],
  ['triage', { incidentId, reopen: false }, 'INC-0042-triage'],
  ['triage', { incidentId, reopen: true }, 'INC-0042-triage-reopen'],
  ['specialist', { incidentId, kind: 'storage' }, 'INC-0042-specialist-storage'],
  ['specialist', { incidentId, kind: 'network' }, 'INC-0042-specialist-network'],
  ['rca', { incidentId }, 'INC-0042-rca'],
  ['plan', { incidentId, round: 1 }, 'INC-0042-plan-r1'],
  ['plan', { incidentId, round: 2 }, 'INC-0042-plan-r2'],
  ['guard', { incidentId, round: 1 }, 'INC-0042-guard-r1'],
  ['decide', { incidentId, round: 1 }, 'INC-0042-decide-r1'],
  ['apply-decision', { incidentId, round: 3 }, 'INC-0042-apply-decision-r3'],
  ['hitl-timeout', { incidentId, round: 1 }, 'INC-0042-hitl-timeout-r1'],
  ['fix', { incidentId, round: 2, fixer: 'compute' }, 'INC-0042-fix-compute-r2'],
  ['fix', { incidentId, round: 2, fixer: 'network' }, 'INC-0042-fix-network-r2'],
  ['verify', { incidentId, round: 2 }, 'INC-0042-verify-r2'],
  ['archive', { incidentId }, 'INC-0042-archive'],
  ['outbox-sync', { incidentId }, 'INC-0042-outbox-sync'],
  ['ingest', { batchId: 'b_7-x' }, 'ingest-b_7-x'],
  ['chaos-tick', { seq: 0 }, 'chaos-0'],
  [
    'runbook-dry-run-reply',
    { requestId: 'req_12345', userId: 'U1', channelId: 'C1' },
    'runbook-dry-run-reply-req_12345',
  ],
];

type Entry = (typeof IDS)[number];
/** The table's entries pair each name with its own data; TypeScript cannot follow that through a union. */
const idOf = ([name, data]: readonly [JobName, Entry[1], ...unknown[]]) =>
  stageJobId(name, data as JobData<typeof name>);

describe('stageJobId', () => {
  it.each(IDS)('%s %j is %s', (name, data, expected) => {
    expect(idOf([name, data])).toBe(expected);
  });

  it('gives a retried handler the same id, so re-adding the job is a no-op', () => {
    for (const [name, data] of IDS) {
      expect(idOf([name, structuredClone(data)])).toBe(idOf([name, data]));
    }
  });

  it('gives every distinct job its own id (rounds, fixers, specialists and reopen do not collide)', () => {
    const distinct = IDS.filter(([name, data]) => !(name === 'triage' && 'reopen' in data && !data.reopen));
    const ids = distinct.map(idOf);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never puts a colon in an id (BullMQ forbids it), and every id passes its own schema first', () => {
    for (const [name, data] of IDS) {
      expect(JOB_CATALOG.get(name)?.input.safeParse(data).success).toBe(true);
      expect(idOf([name, data])).not.toContain(':');
    }
  });

  it.each([
    ['monitor-sweep', {}],
    ['retention-sweep', {}],
    ['home-refresh', { userId: 'U123' }],
  ] as const)('refuses %s, which has no deterministic id', (name, data) => {
    expect(() => stageJobId(name, data)).toThrow(`${name} jobs have no deterministic id`);
  });
});
