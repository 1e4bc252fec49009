import { z } from 'zod';
import { PermanentError } from '../errors.js';

export const STATUSES = [
  'Diagnosing',
  'Remediation_Recommended',
  'Awaiting_Approval',
  'Remediating',
  'Resolved',
  'Partially_Resolved',
  'Needs_Followup',
  'Duplicate',
  'False_Positive',
  'Rejected',
] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

/** The one table of legal moves. Anything not listed here is an error. */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  Diagnosing: ['Remediation_Recommended', 'Duplicate', 'False_Positive', 'Needs_Followup', 'Resolved'],
  Remediation_Recommended: ['Awaiting_Approval', 'Remediating', 'Needs_Followup', 'Resolved'],
  Awaiting_Approval: [
    'Remediating',
    'Rejected',
    'Diagnosing',
    'Remediation_Recommended',
    'Needs_Followup',
    'Resolved',
  ],
  Remediating: ['Resolved', 'Partially_Resolved', 'Needs_Followup'],
  Resolved: [],
  Partially_Resolved: ['Remediating', 'Needs_Followup', 'Resolved'],
  Needs_Followup: ['Remediating', 'Resolved'],
  Duplicate: [],
  False_Positive: ['Diagnosing'],
  Rejected: ['Resolved'],
};

export const CLOSED_STATUSES: readonly Status[] = ['Resolved', 'Duplicate', 'False_Positive', 'Rejected'];
const CLOSED: ReadonlySet<Status> = new Set(CLOSED_STATUSES);

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: Status, to: Status): void {
  if (!canTransition(from, to)) {
    throw new PermanentError('illegal_transition', `Illegal status transition ${from} → ${to}`, {
      httpStatus: 409,
      details: { from, to },
    });
  }
}

/** Closed incidents no longer collect alerts or duplicates. */
export function isClosed(status: Status): boolean {
  return CLOSED.has(status);
}

export function statusLabel(status: Status): string {
  return status.replaceAll('_', ' ');
}
