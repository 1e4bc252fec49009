import { z } from 'zod';

export const DecisionKind = z.enum([
  'approved',
  'rejected',
  'overridden',
  'changes_requested',
  'timed_out',
  'auto',
]);
export type DecisionKind = z.infer<typeof DecisionKind>;

export const Decision = z.object({
  kind: DecisionKind,
  /** Slack user id; absent for the crew's own (auto, timeout). */
  by: z.string().optional(),
  at: z.string(),
  reason: z.string().max(3000).optional(),
  /** A human's own plan, one step a line (override). */
  steps: z.array(z.string().max(500)).max(50).optional(),
  /** Request changes: another runbook that fits, and the param values people typed for it (checked). */
  runbook: z
    .object({
      id: z.string().max(200),
      params: z.record(z.string().max(100), z.string().max(3000)),
    })
    .optional(),
});
export type Decision = z.infer<typeof Decision>;

/** One part of a plan approved: the steps on services that share one set of approvers. */
export const PartApproval = z.object({ part: z.string(), by: z.string(), at: z.string() });
export type PartApproval = z.infer<typeof PartApproval>;

/**
 * A decision that a Redis failover lost: its job ran, but the round it read was pending again with
 * no decision (replication is asynchronous). People are asked again; one note per time.
 */
export const LostDecision = z.object({ at: z.string(), evidence: z.enum(['decision_job']) });
export type LostDecision = z.infer<typeof LostDecision>;

export const ApprovalRound = z.object({
  round: z.number().int().positive(),
  route: z.enum(['approval', 'escalate', 'auto']),
  state: z.enum(['pending', 'decided', 'superseded']),
  openedAt: z.string(),
  expiresAt: z.string(),
  remindedAt: z.string().optional(),
  decision: Decision.optional(),
  /** Parts approved so far, when the plan's steps target services with different approvers. */
  partApprovals: z.array(PartApproval).optional(),
  /** Decisions on this round that a failover lost, oldest first: the thread asked again after each. */
  lost: z.array(LostDecision).optional(),
});
export type ApprovalRound = z.infer<typeof ApprovalRound>;

/** A Slack user group named as approvers whose members could not be read, said once in the thread. */
export const UnreadableGroupNote = z.object({
  group: z.string(),
  reason: z.string().max(500),
  at: z.string(),
});
export type UnreadableGroupNote = z.infer<typeof UnreadableGroupNote>;

/** Every approval round of one incident; a new plan supersedes the round before it. */
export const ApprovalBook = z.object({
  rounds: z.array(ApprovalRound),
  unreadableGroups: z.array(UnreadableGroupNote).optional(),
});
export type ApprovalBook = z.infer<typeof ApprovalBook>;

export function emptyBook(): ApprovalBook {
  return { rounds: [] };
}

export function roundOf(book: ApprovalBook, round: number): ApprovalRound | undefined {
  return book.rounds.find((entry) => entry.round === round);
}

export function latestRound(book: ApprovalBook): ApprovalRound | undefined {
  return book.rounds.at(-1);
}

/** Opens `round` (idempotent); any earlier pending round is superseded by it. */
export function openRound(
  book: ApprovalBook,
  opening: Omit<ApprovalRound, 'state' | 'decision'>,
): ApprovalBook {
  if (roundOf(book, opening.round)) return book;
  const rounds = book.rounds.map((entry) =>
    entry.state === 'pending' ? { ...entry, state: 'superseded' as const } : entry,
  );
  return { ...book, rounds: [...rounds, { ...opening, state: 'pending' }] };
}

export type DecideOutcome =
  | { kind: 'won'; book: ApprovalBook; round: ApprovalRound }
  | { kind: 'already_decided'; round: ApprovalRound }
  | { kind: 'superseded'; round: ApprovalRound }
  | { kind: 'unknown_round' };

/** The first decision on a pending round wins; every later one learns who got there first. */
export function decideRound(book: ApprovalBook, round: number, decision: Decision): DecideOutcome {
  const entry = roundOf(book, round);
  if (!entry) return { kind: 'unknown_round' };
  if (entry.state === 'superseded') return { kind: 'superseded', round: entry };
  if (entry.state === 'decided') return { kind: 'already_decided', round: entry };
  const decided: ApprovalRound = { ...entry, state: 'decided', decision };
  return {
    kind: 'won',
    round: decided,
    book: { ...book, rounds: book.rounds.map((existing) => (existing.round === round ? decided : existing)) },
  };
}

export type ApprovePartsOutcome =
  | DecideOutcome
  | { kind: 'partial'; book?: ApprovalBook; round: ApprovalRound; waiting: readonly string[] };

/**
 * An approval of the `parts` (keys) its approver may decide: recorded per part, first approval of
 * a part wins; once every one of `allParts` is approved the round is decided by `decision` (the
 * last approver's). `book` is absent when nothing changed (that part was approved already).
 */
export function approveParts(
  book: ApprovalBook,
  round: number,
  parts: readonly string[],
  allParts: readonly string[],
  decision: Decision,
): ApprovePartsOutcome {
  const entry = roundOf(book, round);
  if (entry?.state !== 'pending') return decideRound(book, round, decision);
  const existing = entry.partApprovals ?? [];
  const approved = new Set(existing.map((approval) => approval.part));
  const added = parts
    .filter((part) => !approved.has(part))
    .map((part) => ({ part, by: decision.by ?? 'crew', at: decision.at }));
  const updated: ApprovalRound = { ...entry, partApprovals: [...existing, ...added] };
  const withParts = {
    ...book,
    rounds: book.rounds.map((other) => (other.round === round ? updated : other)),
  };
  const done = new Set(updated.partApprovals?.map((approval) => approval.part));
  const waiting = allParts.filter((part) => !done.has(part));
  if (waiting.length === 0) return decideRound(withParts, round, decision);
  return { kind: 'partial', round: updated, waiting, ...(added.length > 0 ? { book: withParts } : {}) };
}

/** Marks `round` reminded; undefined when it is not pending or was reminded already. */
export function remindRound(book: ApprovalBook, round: number, now: Date): ApprovalBook | undefined {
  const entry = roundOf(book, round);
  if (entry?.state !== 'pending' || entry.remindedAt) return undefined;
  return {
    ...book,
    rounds: book.rounds.map((existing) =>
      existing.round === round ? { ...existing, remindedAt: now.toISOString() } : existing,
    ),
  };
}

/** Notes groups that could not be read; undefined when every one is noted already (said once). */
export function noteUnreadableGroups(
  book: ApprovalBook,
  groups: ReadonlyArray<{ group: string; reason: string }>,
  now: Date,
): ApprovalBook | undefined {
  const noted = new Set((book.unreadableGroups ?? []).map((note) => note.group));
  const fresh = groups.filter((entry) => !noted.has(entry.group));
  if (fresh.length === 0) return undefined;
  const at = now.toISOString();
  const added = fresh.map(({ group, reason }) => ({ group, reason: reason.slice(0, 500), at }));
  return { ...book, unreadableGroups: [...(book.unreadableGroups ?? []), ...added] };
}
