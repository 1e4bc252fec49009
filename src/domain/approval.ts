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

export const ApprovalRound = z.object({
  round: z.number().int().positive(),
  route: z.enum(['approval', 'escalate', 'auto']),
  state: z.enum(['pending', 'decided', 'superseded']),
  openedAt: z.string(),
  expiresAt: z.string(),
  remindedAt: z.string().optional(),
  decision: Decision.optional(),
});
export type ApprovalRound = z.infer<typeof ApprovalRound>;

/** Every approval round of one incident; a new plan supersedes the round before it. */
export const ApprovalBook = z.object({ rounds: z.array(ApprovalRound) });
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
  return { rounds: [...rounds, { ...opening, state: 'pending' }] };
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
    book: { rounds: book.rounds.map((existing) => (existing.round === round ? decided : existing)) },
  };
}

/** Marks `round` reminded; undefined when it is not pending or was reminded already. */
export function remindRound(book: ApprovalBook, round: number, now: Date): ApprovalBook | undefined {
  const entry = roundOf(book, round);
  if (entry?.state !== 'pending' || entry.remindedAt) return undefined;
  return {
    rounds: book.rounds.map((existing) =>
      existing.round === round ? { ...existing, remindedAt: now.toISOString() } : existing,
    ),
  };
}
