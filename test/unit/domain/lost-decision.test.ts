import { describe, expect, it } from 'vitest';
import {
  type ApprovalBook,
  type Decision,
  decideRound,
  emptyBook,
  openRound,
  roundOf,
} from '../../../src/domain/approval.js';
import { decisionJobOf, findDecision, noteLostDecision } from '../../../src/domain/lost-decision.js';
import { stageJobId } from '../../../src/pipeline/job-catalog.js';

const opening = (round: number) => ({
  round,
  route: 'approval' as const,
  openedAt: '2025-03-01T12:00:00.000Z',
  expiresAt: '2025-03-01T12:30:00.000Z',
});
const approved: Decision = { kind: 'approved', by: 'U111', at: '2025-03-01T12:05:00.000Z' };
const now = new Date('2025-03-01T12:06:00.000Z');

function decided(book: ApprovalBook, round: number): ApprovalBook {
  const outcome = decideRound(book, round, approved);
  if (outcome.kind !== 'won') throw new Error(outcome.kind);
  return outcome.book;
}

const pending = openRound(emptyBook(), opening(1));

function entryOf(book: ApprovalBook, round: number) {
  const entry = roundOf(book, round);
  if (!entry) throw new Error(`no round ${round}`);
  return entry;
}

describe('a decision a Redis failover lost', () => {
  it('a decision job that finds its decision applies it', () => {
    expect(findDecision(roundOf(decided(pending, 1), 1), 0)).toEqual({ kind: 'apply', decision: approved });
  });

  it('a decision job that finds its round pending with no decision: the decision was lost', () => {
    expect(findDecision(roundOf(pending, 1), 0)).toEqual({ kind: 'lost' });
  });

  it('is noted once: a retried job finds the loss noted and does nothing', () => {
    const noted = noteLostDecision(pending, 1, 0, now);
    expect(roundOf(noted ?? pending, 1)).toMatchObject({
      state: 'pending',
      lost: [{ at: now.toISOString(), evidence: 'decision_job' }],
    });
    expect(noted && noteLostDecision(noted, 1, 0, now)).toBeUndefined();
    expect(noted && findDecision(roundOf(noted, 1), 0)).toEqual({ kind: 'nothing' });
  });

  it('asks again after each loss: the second decision has a job of its own, whose loss is noted too', () => {
    const once = noteLostDecision(pending, 1, 0, now) ?? pending;
    const again = decided(once, 1);
    const job = decisionJobOf('INC-0007', entryOf(again, 1));
    expect(job).toEqual({ incidentId: 'INC-0007', round: 1, asked: 1 });
    // A job id of its own: the first decision's job, done, does not swallow the second.
    expect(stageJobId('apply-decision', job)).toBe('INC-0007-apply-decision-r1-a1');
    expect(stageJobId('apply-decision', decisionJobOf('INC-0007', entryOf(pending, 1)))).toBe(
      'INC-0007-apply-decision-r1',
    );
    // The second decision is applied, by its job or by a late run of the first one: once, by status.
    expect(findDecision(roundOf(again, 1), 1)).toEqual({ kind: 'apply', decision: approved });
    expect(findDecision(roundOf(again, 1), 0)).toEqual({ kind: 'apply', decision: approved });
    // Lost again: noted a second time.
    const twice = noteLostDecision(once, 1, 1, now);
    expect(twice && roundOf(twice, 1)?.lost).toHaveLength(2);
  });

  it('never on a round that is decided, superseded or unknown', () => {
    expect(noteLostDecision(decided(pending, 1), 1, 0, now)).toBeUndefined();
    const superseded = openRound(pending, opening(2));
    expect(findDecision(roundOf(superseded, 1), 0)).toEqual({ kind: 'nothing' });
    expect(noteLostDecision(superseded, 1, 0, now)).toBeUndefined();
    expect(findDecision(undefined, 0)).toEqual({ kind: 'nothing' });
    expect(noteLostDecision(pending, 3, 0, now)).toBeUndefined();
  });
});
