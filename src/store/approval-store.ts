import {
  ApprovalBook,
  type ApprovalRound,
  type DecideOutcome,
  type Decision,
  decideRound,
  emptyBook,
  openRound,
  remindRound,
} from '../domain/approval.js';
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
  /** True the one time a pending round gets its reminder. */
  remind(incidentId: string, round: number, now: Date): Promise<boolean>;
}

export function createApprovalStore(redis: Redis, keys: Keys): ApprovalStore {
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
      if (decided.kind === 'won') await onReplica(redis);
      return decided;
    },

    async remind(incidentId, round, now) {
      let reminded = false;
      await updateVersioned(redis, keys.approvals(incidentId), parseBook, (current) => {
        const next = remindRound(current ?? emptyBook(), round, now);
        reminded = next !== undefined;
        return next;
      });
      return reminded;
    },
  };
}
