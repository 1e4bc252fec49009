import { describe, expect, it } from 'vitest';
import {
  type ApprovalBook,
  type ApprovalRound,
  type Decision,
  decideRound,
  emptyBook,
  openRound,
} from '../../../src/domain/approval.js';
import { wonBook } from './incident-fixtures.js';

const opening = (round: number, route: ApprovalRound['route'] = 'approval') => ({
  round,
  route,
  openedAt: `2025-03-01T12:0${round}:00.000Z`,
  expiresAt: `2025-03-01T12:3${round}:00.000Z`,
});
const approved: Decision = { kind: 'approved', by: 'U111', at: '2025-03-01T12:05:00.000Z' };
const rejected: Decision = { kind: 'rejected', by: 'U222', at: '2025-03-01T12:05:01.000Z', reason: 'no' };
const timedOut: Decision = { kind: 'timed_out', at: '2025-03-01T12:30:00.000Z' };

const bookOf = (...rounds: number[]): ApprovalBook =>
  rounds.reduce((book, round) => openRound(book, opening(round)), emptyBook());
const states = (book: ApprovalBook) => book.rounds.map((round) => `${round.round}:${round.state}`);

describe('openRound', () => {
  it.each([
    { name: 'the first round opens pending', open: [1], expected: ['1:pending'] },
    {
      name: 'a new plan supersedes the pending round before it',
      open: [1, 2],
      expected: ['1:superseded', '2:pending'],
    },
    {
      name: 'only the newest is pending after several re-plans',
      open: [1, 2, 3],
      expected: ['1:superseded', '2:superseded', '3:pending'],
    },
    {
      name: 'reopening a round is a no-op (a retried handler), even an older one',
      open: [1, 2, 1, 2],
      expected: ['1:superseded', '2:pending'],
    },
  ])('$name', ({ open, expected }) => {
    expect(states(bookOf(...open))).toEqual(expected);
  });

  it('returns the very same book when the round exists, so callers can skip the write', () => {
    const book = bookOf(1);
    expect(openRound(book, { ...opening(1), route: 'escalate' })).toBe(book);
  });

  it('keeps a decided round decided when the next round opens', () => {
    expect(states(openRound(wonBook(bookOf(1), 1, approved), opening(2)))).toEqual([
      '1:decided',
      '2:pending',
    ]);
  });

  it('does not change the book it was given', () => {
    const book = bookOf(1);
    openRound(book, opening(2));
    expect(states(book)).toEqual(['1:pending']);
  });
});

describe('decideRound', () => {
  it('the first decision on a pending round wins and is recorded', () => {
    const outcome = decideRound(bookOf(1), 1, approved);
    expect(outcome).toMatchObject({ kind: 'won', round: { round: 1, state: 'decided', decision: approved } });
    if (outcome.kind !== 'won') throw new Error('expected won');
    expect(outcome.book.rounds).toEqual([outcome.round]);
  });

  it.each([
    {
      name: 'a second click (or a redelivered action) learns who got there first',
      book: () => wonBook(bookOf(1), 1, approved),
      round: 1,
      decision: rejected,
      expected: { kind: 'already_decided', round: { state: 'decided', decision: approved } },
    },
    {
      name: 'a timeout firing after a person decided does not overwrite them',
      book: () => wonBook(bookOf(1), 1, rejected),
      round: 1,
      decision: timedOut,
      expected: { kind: 'already_decided', round: { decision: rejected } },
    },
    {
      name: 'a click on a stale round (a newer plan replaced it) is refused',
      book: () => bookOf(1, 2),
      round: 1,
      decision: approved,
      expected: { kind: 'superseded', round: { round: 1, state: 'superseded' } },
    },
    {
      name: 'a round that never opened is unknown',
      book: () => bookOf(1),
      round: 7,
      decision: approved,
      expected: { kind: 'unknown_round' },
    },
    {
      name: 'an empty book knows no round',
      book: emptyBook,
      round: 1,
      decision: approved,
      expected: { kind: 'unknown_round' },
    },
  ])('$name', ({ book, round, decision, expected }) => {
    expect(decideRound(book(), round, decision)).toMatchObject(expected);
  });

  it('decides only its own round and leaves the others as they were', () => {
    const book = bookOf(1, 2);
    expect(states(wonBook(book, 2, approved))).toEqual(['1:superseded', '2:decided']);
    expect(states(book)).toEqual(['1:superseded', '2:pending']);
  });
});
