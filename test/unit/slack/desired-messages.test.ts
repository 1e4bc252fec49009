import { describe, expect, it } from 'vitest';
import type { PlanOutput, RcaOutput } from '../../../src/agents/schemas.js';
import { type ApprovalBook, emptyBook, openRound } from '../../../src/domain/approval.js';
import { postmortemOf } from '../../../src/domain/postmortem.js';
import type { StageRun } from '../../../src/domain/stage-run.js';
import type { Status } from '../../../src/domain/status.js';
import type { Ticket } from '../../../src/domain/ticket.js';
import { KILL_SWITCH_NOTICE } from '../../../src/slack/blocks/labels.js';
import type { DesiredMessage } from '../../../src/slack/outbox/desired-message.js';
import { decisionPending, desiredMessages } from '../../../src/slack/outbox/desired-messages.js';
import type { IncidentSnapshot, RoundReview } from '../../../src/slack/outbox/incident-snapshot.js';
import { OPENED_AT, ticketAt, wonBook } from '../domain/incident-fixtures.js';
import { snapshotOf } from './incident-snapshot-fixture.js';

const OPENED = OPENED_AT;
const NOW = new Date('2025-03-01T12:20:00.000Z');

const ticketWith = (status: Status, extra: Partial<Ticket> = {}) => ticketAt(status, extra);

function snapshot(over: Partial<IncidentSnapshot> = {}): IncidentSnapshot {
  return snapshotOf(ticketWith('Diagnosing'), { approvers: ['U0APPROVER'], ...over });
}

const RCA: RcaOutput = {
  rootService: 'payments',
  fault: 'crash',
  summary: 'payments is crash-looping',
  evidence: ['restarts 5 in 5 min'],
  confidence: 82,
  explains: ['checkout'],
};
const PLAN: PlanOutput = {
  summary: 'Restart payments',
  actions: [
    {
      id: 'a1',
      kind: 'restart',
      target: 'payments',
      description: 'Rolling restart of payments',
      risk: 'low',
      blastRadius: 'one instance at a time',
      rollback: 'none needed',
    },
  ],
};
const routed = (round: number): RoundReview => ({
  round,
  plan: PLAN,
  route: { route: 'approval', reasons: ['confidence below auto'], confidence: 70 },
});
const bookWith = (...rounds: number[]): ApprovalBook =>
  rounds.reduce(
    (book, round) =>
      openRound(book, {
        round,
        route: 'approval',
        openedAt: OPENED.toISOString(),
        expiresAt: NOW.toISOString(),
      }),
    emptyBook(),
  );
const remediationRun: StageRun = {
  key: 'fix:compute:r1',
  label: 'Compute fixer',
  phase: 'remediation',
  rank: 10,
  state: 'running',
  attempt: 1,
};

const keys = (messages: DesiredMessage[]) => messages.map((message) => message.key);
const textOf = (messages: DesiredMessage[], key: string) =>
  JSON.stringify(messages.find((message) => message.key === key)?.message ?? null);

const KEYS_FOR_STATE: ReadonlyArray<{ name: string; over: Partial<IncidentSnapshot>; expected: string[] }> = [
  { name: 'a fresh incident: the card and the progress', over: {}, expected: ['card', 'progress'] },
  {
    name: 'a duplicate names its parent',
    over: { ticket: ticketWith('Duplicate', { parent: 'INC-0041' }) },
    expected: ['card', 'duplicate', 'progress'],
  },
  {
    name: 'a Duplicate with no parent recorded has no notice to show',
    over: { ticket: ticketWith('Duplicate') },
    expected: ['card', 'progress'],
  },
  {
    name: 'several alerts get an alerts notice',
    over: { alerts: { total: 3, firing: 2, resolved: 1, deliveries: 4 } },
    expected: ['card', 'alerts', 'progress'],
  },
  {
    name: 'a single alert that resolved while the incident is open gets one too',
    over: { alerts: { total: 1, firing: 0, resolved: 1, deliveries: 2 } },
    expected: ['card', 'alerts', 'progress'],
  },
  {
    name: 'no alerts at all (an injected incident): no alerts notice',
    over: { alerts: { total: 0, firing: 0, resolved: 0, deliveries: 0 } },
    expected: ['card', 'progress'],
  },
  {
    name: 'a false positive shows triage’s evidence',
    over: {
      ticket: ticketWith('False_Positive'),
      falsePositive: { likely: true, confidence: 90, evidence: ['flapped for 20 s'] },
    },
    expected: ['card', 'false-positive', 'progress'],
  },
  {
    name: 'the notice stays once a person reopened it',
    over: {
      ticket: ticketWith('Diagnosing', { reopenedBy: 'U9' }),
      falsePositive: { likely: true, confidence: 90, evidence: ['flapped for 20 s'] },
    },
    expected: ['card', 'false-positive', 'progress'],
  },
  {
    name: 'triage’s suspicion alone, while still diagnosing, posts nothing',
    over: { falsePositive: { likely: false, confidence: 40, evidence: ['maybe'] } },
    expected: ['card', 'progress'],
  },
  { name: 'an RCA gets its message', over: { rca: RCA }, expected: ['card', 'rca', 'progress'] },
  {
    name: 'the first approval comes first; the RCA and the checklist explain it; later rounds follow',
    over: {
      ticket: ticketWith('Awaiting_Approval'),
      rca: RCA,
      rounds: [routed(1), routed(2)],
      book: bookWith(1, 2),
    },
    expected: ['card', 'approval:r1', 'rca', 'progress', 'approval:r2'],
  },
  {
    name: 'a plan not yet routed has no approval message',
    over: { rounds: [{ round: 1, plan: PLAN }], book: bookWith(1) },
    expected: ['card', 'progress'],
  },
  {
    name: 'a routed plan whose round never opened has no approval message',
    over: { rounds: [routed(1)] },
    expected: ['card', 'progress'],
  },
  {
    name: 'a reminded round gets its reminder after the approval',
    over: {
      rounds: [routed(1)],
      book: { rounds: bookWith(1).rounds.map((round) => ({ ...round, remindedAt: OPENED.toISOString() })) },
    },
    expected: ['card', 'approval:r1', 'reminder:r1', 'progress'],
  },
  {
    name: 'remediation runs get the remediation checklist',
    over: { ticket: ticketWith('Remediating'), runs: [remediationRun] },
    expected: ['card', 'progress', 'remediation'],
  },
  {
    name: 'manual steps get a checklist while remediating',
    over: {
      ticket: ticketWith('Remediating', {
        recommendations: [{ ...PLAN.actions[0], id: 'm1', kind: 'manual' } as Ticket['recommendations'][0]],
      }),
    },
    expected: ['card', 'progress', 'manual'],
  },
  {
    name: 'a resolved incident gets the resolution and its postmortem',
    over: {
      ticket: ticketWith('Resolved', { resolution: 'payments healthy again' }),
      postmortem: postmortemOf(ticketWith('Resolved', { resolution: 'payments healthy again' }), [], {
        now: NOW,
      }),
    },
    expected: ['card', 'progress', 'resolution', 'postmortem'],
  },
  {
    name: 'a rejected plan gets the resolution saying so',
    over: { ticket: ticketWith('Rejected', { resolution: 'Rejected by <@U9>: no' }) },
    expected: ['card', 'progress', 'resolution'],
  },
  {
    name: 'Partially_Resolved without a verdict yet has no resolution message',
    over: { ticket: ticketWith('Partially_Resolved', { resolution: 'half' }) },
    expected: ['card', 'progress'],
  },
  {
    name: 'an open incident reminded for being stale shows the reminder last',
    over: { ticket: ticketWith('Needs_Followup', { staleRemindedAt: NOW.toISOString() }) },
    expected: ['card', 'progress', 'stale-reminder'],
  },
  {
    name: 'a stale reminder is dropped once the incident is closed',
    over: {
      ticket: ticketWith('Resolved', { staleRemindedAt: NOW.toISOString(), resolution: 'fixed by hand' }),
    },
    expected: ['card', 'progress', 'resolution'],
  },
];

describe('desiredMessages: which messages a state asks for, in thread order', () => {
  it.each(KEYS_FOR_STATE)('$name', ({ over, expected }) => {
    expect(keys(desiredMessages(snapshot(over), NOW))).toEqual(expected);
  });
});

describe('decisionPending: the thread waits for the first approval message', () => {
  it.each([
    { name: 'a fresh incident', over: {}, pending: true },
    {
      name: 'a plan recommended, not yet routed',
      over: { ticket: ticketWith('Remediation_Recommended') },
      pending: true,
    },
    {
      name: 'its first round opened',
      over: { ticket: ticketWith('Awaiting_Approval'), book: bookWith(1) },
      pending: false,
    },
    { name: 'sent back to diagnosis by Request changes', over: { book: bookWith(1) }, pending: false },
    { name: 'a duplicate: no approval is coming', over: { ticket: ticketWith('Duplicate') }, pending: false },
    { name: 'a false positive', over: { ticket: ticketWith('False_Positive') }, pending: false },
    {
      name: 'needs follow-up without a plan',
      over: { ticket: ticketWith('Needs_Followup') },
      pending: false,
    },
  ])('$name: $pending', ({ over, pending }) => {
    expect(decisionPending(snapshot(over))).toBe(pending);
  });

  it('the card carries the diagnosis progress while the approval is on its way, and drops it after', () => {
    const runs: StageRun[] = [
      { key: 'intake', label: 'Intake', phase: 'diagnosis', rank: 0, state: 'done', attempt: 1 },
      { key: 'triage', label: 'Triage', phase: 'diagnosis', rank: 1, state: 'running', attempt: 1 },
      { key: 'rca', label: 'Root-cause analysis', phase: 'diagnosis', rank: 3, state: 'pending', attempt: 1 },
    ];
    const waiting = textOf(desiredMessages(snapshot({ runs }), NOW), 'card');
    expect(waiting).toContain('Diagnosis · 1/3 stages done · ✅ Intake 🔄 Triage ⏳ Root-cause analysis');
    const decided = desiredMessages(
      snapshot({ runs, ticket: ticketWith('Awaiting_Approval'), rounds: [routed(1)], book: bookWith(1) }),
      NOW,
    );
    expect(textOf(decided, 'card')).not.toContain('stages done');
  });
});

describe('desiredMessages: what the messages say', () => {
  it('the card is the root and everything else is in its thread', () => {
    const messages = desiredMessages(snapshot({ rca: RCA, rounds: [routed(1)], book: bookWith(1) }), NOW);
    expect(messages.map((message) => message.placement)).toEqual([
      'root',
      ...messages.slice(1).map(() => 'thread'),
    ]);
  });

  it('the kill switch shows on an open card and not on a closed one', () => {
    const open = desiredMessages(snapshot({ killSwitch: true }), NOW);
    const closed = desiredMessages(
      snapshot({ killSwitch: true, ticket: ticketWith('Resolved', { resolution: 'ok' }) }),
      NOW,
    );
    const notice = KILL_SWITCH_NOTICE.slice(0, KILL_SWITCH_NOTICE.indexOf(':'));
    expect(textOf(open, 'card')).toContain(notice);
    expect(textOf(closed, 'card')).not.toContain(notice);
  });

  it('an escalated round marks the card escalated; an approval round does not', () => {
    const escalated = openRound(emptyBook(), {
      round: 1,
      route: 'escalate',
      openedAt: OPENED.toISOString(),
      expiresAt: NOW.toISOString(),
    });
    expect(textOf(desiredMessages(snapshot({ book: escalated }), NOW), 'card')).toContain('Escalated');
    expect(textOf(desiredMessages(snapshot({ book: bookWith(1) }), NOW), 'card')).not.toContain('Escalated');
  });

  it('the RCA lists the chart line first and telemetry gaps as warnings', () => {
    const messages = desiredMessages(snapshot({ rca: RCA, telemetryNotes: ['loki timed out'] }), NOW);
    expect(textOf(messages, 'rca')).toContain('restarts 5 in 5 min');
    expect(textOf(messages, 'rca')).toContain('⚠️ telemetry: loki timed out');
  });

  it('a decided round shows who decided, not the buttons', () => {
    const decidedBook = wonBook(bookWith(1), 1, { kind: 'approved', by: 'U777', at: NOW.toISOString() });
    const pending = textOf(
      desiredMessages(snapshot({ rounds: [routed(1)], book: bookWith(1) }), NOW),
      'approval:r1',
    );
    const decided = textOf(
      desiredMessages(snapshot({ rounds: [routed(1)], book: decidedBook }), NOW),
      'approval:r1',
    );
    expect(pending).not.toContain('U777');
    expect(decided).toContain('U777');
    expect(pending).toContain('"type":"button"');
    expect(decided).not.toContain('"type":"button"');
  });

  it('the progress footer sums the model’s tokens and names fallbacks', () => {
    const run = (key: string, extra: Partial<StageRun>): StageRun => ({
      key,
      label: key,
      phase: 'diagnosis',
      rank: 1,
      state: 'done',
      attempt: 1,
      ...extra,
    });
    const messages = desiredMessages(
      snapshot({
        runs: [
          run('triage', { engine: 'model', tokens: 1200, latencyMs: 900 }),
          run('rca', { engine: 'rules', fallbackReason: 'model timed out', latencyMs: 1500 }),
        ],
      }),
      NOW,
    );
    expect(textOf(messages, 'progress')).toContain(
      'model: 1 of 2 stages (1 fell back to rules) · 1,200 tokens · 2.4 s',
    );
  });

  it('a plan whose steps have different approvers names each part; a single part names none', () => {
    const parts = [
      { key: 'U0DB', services: ['database'], approvers: ['U0DB'] },
      { key: 'U0PAY', services: ['payments'], approvers: ['U0PAY'] },
    ];
    const state = (partsOfRound: typeof parts) =>
      snapshot({ rounds: [routed(1)], book: bookWith(1), partsByRound: new Map([[1, partsOfRound]]) });
    const split = textOf(desiredMessages(state(parts), NOW), 'approval:r1');
    const single = textOf(desiredMessages(state(parts.slice(0, 1)), NOW), 'approval:r1');
    expect(split).toContain('U0DB');
    expect(split).toContain('U0PAY');
    expect(single).not.toContain('U0DB');
  });

  it('is the same for the same state (the outbox diffs against it)', () => {
    const state = snapshot({ rca: RCA, rounds: [routed(1)], book: bookWith(1) });
    expect(desiredMessages(state, NOW)).toEqual(desiredMessages(state, NOW));
  });
});
