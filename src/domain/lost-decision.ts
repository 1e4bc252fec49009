import {
  type ApprovalBook,
  type ApprovalRound,
  type Decision,
  type LostDecision,
  roundOf,
} from './approval.js';

/**
 * How many times people were asked again to decide `entry`. A decision's job carries the count
 * its claim saw, so a job of an earlier ask is told apart from a retry of the current one.
 */
export function timesAsked(entry: ApprovalRound): number {
  return entry.lost?.length ?? 0;
}

/** The data of the job that applies the decision just taken on `entry` (see `timesAsked`). */
export function decisionJobOf(incidentId: string, entry: ApprovalRound) {
  const asked = timesAsked(entry);
  return { incidentId, round: entry.round, ...(asked > 0 ? { asked } : {}) };
}

export type DecisionJobFinding =
  | { kind: 'apply'; decision: Decision }
  /** The job exists, so a decision was taken; its round is pending again: a failover lost it. */
  | { kind: 'lost' }
  /** Superseded, unknown, or this loss was noted already (a retried job): nothing to do. */
  | { kind: 'nothing' };

/**
 * What a decision job finds in its round. A job is queued only after its decision was written, on
 * the same connection; so a pending round under a job of the same ask means the primary that held
 * the decision died before a replica had it, and the job was queued on the replica that took over.
 */
export function findDecision(entry: ApprovalRound | undefined, asked: number): DecisionJobFinding {
  if (entry?.decision) return { kind: 'apply', decision: entry.decision };
  if (entry?.state === 'pending' && timesAsked(entry) === asked) return { kind: 'lost' };
  return { kind: 'nothing' };
}

/** Notes the loss the job of ask `asked` found; undefined when there is none to note (see `findDecision`). */
export function noteLostDecision(
  book: ApprovalBook,
  round: number,
  asked: number,
  now: Date,
): ApprovalBook | undefined {
  const entry = roundOf(book, round);
  if (!entry || findDecision(entry, asked).kind !== 'lost') return undefined;
  const note: LostDecision = { at: now.toISOString(), evidence: 'decision_job' };
  const noted: ApprovalRound = { ...entry, lost: [...(entry.lost ?? []), note] };
  return { ...book, rounds: book.rounds.map((other) => (other.round === round ? noted : other)) };
}
