import { type DecideOutcome, type Decision, roundOf } from '../../domain/approval.js';
import type { UnreadableGroup } from '../../domain/approver-verdict.js';
import { isClosed } from '../../domain/status.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { checkApprover } from './approver-check.js';
import { incidentApprovers } from './incident-approvers.js';

export type Refusal =
  | { kind: 'not_allowed'; approvers: readonly string[]; unreadable?: readonly UnreadableGroup[] }
  | { kind: 'closed'; status: string }
  | Exclude<DecideOutcome, { kind: 'won' }>;

export type ClaimResult = { kind: 'accepted' } | Refusal;

export function mayDecide(ctx: PipelineContext, userId: string): boolean {
  return ctx.settings.approvers.length === 0 || ctx.settings.approvers.includes(userId);
}

/**
 * Whether `userId` may decide on `round` right now: refused for non-approvers (of the service the
 * plan targets, see incident-approvers.ts), closed incidents
 * and rounds that are unknown, decided or superseded. A check, not a claim: `claimDecision` still
 * decides atomically.
 */
export async function decisionOpenTo(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  userId: string | undefined,
): Promise<{ refusal: Refusal } | { ticket: Ticket }> {
  const [ticket, book] = await Promise.all([ctx.tickets.require(incidentId), ctx.approvals.book(incidentId)]);
  if (userId) {
    const approvers = incidentApprovers(ctx, ticket);
    const verdict = await checkApprover(ctx, incidentId, approvers, userId);
    if (!verdict.allowed) {
      const unreadable = verdict.unreadable.length > 0 ? { unreadable: verdict.unreadable } : {};
      return { refusal: { kind: 'not_allowed', approvers, ...unreadable } };
    }
  }
  if (isClosed(ticket.status)) return { refusal: { kind: 'closed', status: ticket.status } };
  const entry = roundOf(book, round);
  if (!entry) return { refusal: { kind: 'unknown_round' } };
  if (entry.state === 'decided') return { refusal: { kind: 'already_decided', round: entry } };
  if (entry.state === 'superseded') return { refusal: { kind: 'superseded', round: entry } };
  return { ticket };
}

/**
 * A person's decision on one approval round: refused as `decisionOpenTo` says; the first decision
 * wins atomically (across processes) and the work it starts is queued, not done here.
 */
export async function claimDecision(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  decision: Decision,
): Promise<ClaimResult> {
  const open = await decisionOpenTo(ctx, incidentId, round, decision.by);
  if ('refusal' in open) return open.refusal;
  const outcome = await ctx.approvals.decide(incidentId, round, decision);
  if (outcome.kind !== 'won') return outcome;
  await ctx.queues.add('apply-decision', { incidentId, round });
  return { kind: 'accepted' };
}
