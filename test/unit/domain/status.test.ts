import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  canTransition,
  isClosed,
  STATUSES,
  type Status,
  TRANSITIONS,
} from '../../../src/domain/status.js';
import { newTicket, withStatus } from '../../../src/domain/ticket.js';
import { WarroomError } from '../../../src/errors.js';

const legal = STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => [from, to] as const));
const illegal: Array<[Status, Status]> = [
  ['Diagnosing', 'Remediating'],
  ['Diagnosing', 'Awaiting_Approval'],
  ['Resolved', 'Diagnosing'],
  ['Resolved', 'Remediating'],
  ['Duplicate', 'Diagnosing'],
  ['Rejected', 'Remediating'],
  ['Remediating', 'Awaiting_Approval'],
  ['Remediation_Recommended', 'Rejected'],
  ['Diagnosing', 'Diagnosing'],
];

describe('status machine', () => {
  it.each(legal)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(illegal)('refuses %s → %s with a coded error', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    try {
      assertTransition(from, to);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(WarroomError);
      expect((error as WarroomError).code).toBe('illegal_transition');
      expect((error as WarroomError).retryable).toBe(false);
    }
  });

  it('follows the happy path from Diagnosing to Resolved', () => {
    const path: Status[] = ['Remediation_Recommended', 'Awaiting_Approval', 'Remediating', 'Resolved'];
    let from: Status = 'Diagnosing';
    for (const to of path) {
      expect(canTransition(from, to)).toBe(true);
      from = to;
    }
  });

  it('has exits that are closed and no way out of Resolved or Duplicate', () => {
    expect(isClosed('Duplicate')).toBe(true);
    expect(isClosed('Rejected')).toBe(true);
    expect(isClosed('Awaiting_Approval')).toBe(false);
    expect(TRANSITIONS.Resolved).toEqual([]);
    expect(TRANSITIONS.Duplicate).toEqual([]);
  });

  it('records each transition in the ticket history and refuses illegal ones', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const ticket = newTicket({
      id: 'INC-0001',
      system: 'api',
      issue: 'crash',
      sev: 'sev1',
      source: 'inject',
      channel: 'C1',
      fingerprint: 'abc',
      now,
    });
    const next = withStatus(ticket, 'Remediation_Recommended', { now, by: 'crew' });
    expect(next.status).toBe('Remediation_Recommended');
    expect(next.history.at(-1)).toEqual({
      at: now.toISOString(),
      from: 'Diagnosing',
      to: 'Remediation_Recommended',
      by: 'crew',
    });
    expect(ticket.status).toBe('Diagnosing');
    expect(() => withStatus(next, 'Duplicate', { now })).toThrow(/Illegal status transition/);
  });
});
