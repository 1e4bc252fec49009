import {
  ApprovalBook,
  type ApprovalRound,
  type ApprovePartsOutcome,
  approveParts,
  type DecideOutcome,
  type Decision,
  decideRound,
  emptyBook,
  noteUnreadableGroups,
  openRound,
  remindRound,
} from '../domain/approval.js';
import { noteLostDecision } from '../domain/lost-decision.js';
import type { Keys } from './keys.js';
import { onReplica, type Redis } from './redis.js';
import { readVersioned, updateVersioned } from './versioned-json.js';

const parseBook = (raw: unknown) => ApprovalBook.parse(raw);

/** Approval rounds live in Redis, not in memory: a restart loses no pending decision. */
export interface ApprovalStore {
  book(incidentId: string): Promise<ApprovalBook>;
  open(incidentId: string, opening: Omit<ApprovalRound, 'state' | 'decision'>): Promise<ApprovalBook>;
  /** Atomic across every process: exactly one decision wins a round. */
  decide(incidentId: string, round: number, decision: Decision): Promise<DecideOutcome>;
  /** Atomic: approves the parts of a plan its approver may decide; decided once every part is. */
  approveParts(
    incidentId: string,
    round: number,
    parts: readonly string[],
    allParts: readonly string[],
    decision: Decision,
  ): Promise<ApprovePartsOutcome>;
  /** True the one time the decision job of ask `asked` finds its decision lost (see lost-decision.ts). */
  noteLost(incidentId: string, round: number, asked: number, now: Date): Promise<boolean>;
  /** True the one time a pending round gets its reminder. */
  remind(incidentId: string, round: number, now: Date): Promise<boolean>;
  /** True when one of `groups` was not noted before: the thread then says so, once per group. */
  noteUnreadableGroups(
    incidentId: string,
    groups: ReadonlyArray<{ group: string; reason: string }>,
    now: Date,
  ): Promise<boolean>;
}

export function createApprovalStore(redis: Redis, keys: Keys): ApprovalStore {
  /** Applies `change` atomically; true when it changed the book (undefined: nothing to write). */
  const changed = async (
    incidentId: string,
    change: (book: ApprovalBook) => ApprovalBook | undefined,
  ): Promise<boolean> => {
    let wrote = false;
    await updateVersioned(redis, keys.approvals(incidentId), parseBook, (current) => {
      const next = change(current ?? emptyBook());
      wrote = next !== undefined;
      return next;
    });
    return wrote;
  };

  return {
    async book(incidentId) {
      return (await readVersioned(redis, keys.approvals(incidentId), parseBook))?.doc ?? emptyBook();
    },

    async open(incidentId, opening) {
      const written = await updateVersioned(redis, keys.approvals(incidentId), parseBook, (current) => {
        const book = current ?? emptyBook();
        const next = openRound(book, opening);
        return next === book ? undefined : next;
      });
      return written?.doc ?? emptyBook();
    },

    async decide(incidentId, round, decision) {
      let outcome: DecideOutcome = { kind: 'unknown_round' };
      await updateVersioned(redis, keys.approvals(incidentId), parseBook, (current) => {
        outcome = decideRound(current ?? emptyBook(), round, decision);
        return outcome.kind === 'won' ? outcome.book : undefined;
      });
      // A decision a failover loses would leave the round open again: wait for a replica to hold it.
      // (Assigned in the callback: TypeScript cannot see it change.)
      const decided = outcome as DecideOutcome;
      if (decided.kind === 'won') await onReplica(redis, keys.approvals(incidentId));
      return decided;
    },

    async approveParts(incidentId, round, parts, allParts, decision) {
      let outcome: ApprovePartsOutcome = { kind: 'unknown_round' };
      await updateVersioned(redis, keys.approvals(incidentId), parseBook, (current) => {
        outcome = approveParts(current ?? emptyBook(), round, parts, allParts, decision);
        return outcome.kind === 'won' || outcome.kind === 'partial' ? outcome.book : undefined;
      });
      return outcome;
    },

    remind: (incidentId, round, now) => changed(incidentId, (book) => remindRound(book, round, now)),

    noteLost: (incidentId, round, asked, now) =>
      changed(incidentId, (book) => noteLostDecision(book, round, asked, now)),

    noteUnreadableGroups: (incidentId, groups, now) =>
      changed(incidentId, (book) => noteUnreadableGroups(book, groups, now)),
  };
}
