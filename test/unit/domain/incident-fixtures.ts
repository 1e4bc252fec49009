import { type ApprovalBook, type Decision, decideRound } from '../../../src/domain/approval.js';
import type { Status } from '../../../src/domain/status.js';
import { newTicket, type Ticket } from '../../../src/domain/ticket.js';

export const OPENED_AT = new Date('2025-03-01T12:00:00.000Z');

/** INC-0042, an alert on `system` opened at OPENED_AT, set to `status` as stored (no transition checks). */
export function ticketAt(status: Status, extra: Partial<Ticket> = {}, system = 'payments'): Ticket {
  const opened = newTicket({
    id: 'INC-0042',
    system,
    issue: 'HighErrorRate',
    sev: 'sev2',
    source: 'alert',
    channel: 'C123',
    fingerprint: 'fp',
    now: OPENED_AT,
  });
  return { ...opened, status, ...extra };
}

/** The book after `decision` won `round`; throws when it did not win, so a test cannot go on vacuously. */
export function wonBook(book: ApprovalBook, round: number, decision: Decision): ApprovalBook {
  const outcome = decideRound(book, round, decision);
  if (outcome.kind !== 'won')
    throw new Error(`expected the decision to win round ${round}, got ${outcome.kind}`);
  return outcome.book;
}
