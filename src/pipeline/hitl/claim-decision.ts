import { type DecideOutcome, type Decision, type DecisionKind, roundOf } from '../../domain/approval.js';
import type { UnreadableGroup } from '../../domain/approver-verdict.js';
import { decisionJobOf } from '../../domain/lost-decision.js';
import { isClosed } from '../../domain/status.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { checkApprover } from './approver-check.js';
import { type ApprovalPart, approvalParts, incidentApprovers } from './incident-approvers.js';

export type Refusal =
  | { kind: 'not_allowed'; approvers: readonly string[]; unreadable?: readonly UnreadableGroup[] }
  | { kind: 'closed'; status: string }
  | Exclude<DecideOutcome, { kind: 'won' }>;

/** An approval of some parts of a plan whose services have different approvers; the rest still wait. */
export interface PartialApproval {
  kind: 'partial';
  approved: readonly ApprovalPart[];
  waiting: readonly ApprovalPart[];
}

export type ClaimResult = { kind: 'accepted' } | PartialApproval | Refusal;

/** The open round, the plan's parts, and the parts this person may decide. */
export interface OpenDecision {
  ticket: Ticket;
  parts: readonly ApprovalPart[];
  mine: readonly ApprovalPart[];
}

export function mayDecide(ctx: PipelineContext, userId: string): boolean {
  return ctx.settings.approvers.length === 0 || ctx.settings.approvers.includes(userId);
}

/**
 * The parts of the incident's plan `userId` may decide (user groups expanded; see
 * incident-approvers.ts), beside all of them, and the groups that could not be read.
 */
export async function partsDecidedBy(ctx: PipelineContext, ticket: Ticket, userId: string) {
  const parts = approvalParts(ctx, ticket);
  const verdicts = await Promise.all(
    parts.map((part) => checkApprover(ctx, ticket.id, part.approvers, userId)),
  );
  const mine = parts.filter((_, index) => verdicts[index]?.allowed);
  const unreadable = verdicts.flatMap((verdict) => (verdict.allowed ? [] : verdict.unreadable));
  return { parts, mine, unreadable };
}

/** The parts of the plan `userId` may decide, or the refusal that names who may. */
async function partsOf(
  ctx: PipelineContext,
  ticket: Ticket,
  userId: string | undefined,
  kind: DecisionKind | undefined,
): Promise<{ parts: ApprovalPart[]; mine: ApprovalPart[] } | { refusal: Refusal }> {
  if (!userId) {
    const parts = approvalParts(ctx, ticket);
    return { parts, mine: parts };
  }
  const { parts, mine, unreadable } = await partsDecidedBy(ctx, ticket, userId);
  const withUnreadable = unreadable.length > 0 ? { unreadable } : {};
  if (mine.length === 0)
    return { refusal: { kind: 'not_allowed', approvers: incidentApprovers(ctx, ticket), ...withUnreadable } };
  // An override replaces every step with people's own: only someone who may decide every part.
  if (kind === 'overridden' && mine.length < parts.length) {
    const others = parts.filter((part) => !mine.includes(part)).flatMap((part) => part.approvers);
    return { refusal: { kind: 'not_allowed', approvers: [...new Set(others)], ...withUnreadable } };
  }
  return { parts, mine };
}

/**
 * Whether `userId` may take a decision of `kind` on `round` right now: refused for non-approvers
 * (of the services the plan's steps target, see incident-approvers.ts), closed incidents and
 * rounds that are unknown, decided or superseded. A check, not a claim: `claimDecision` still
 * decides atomically.
 */
export async function decisionOpenTo(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  userId: string | undefined,
  kind?: DecisionKind,
): Promise<{ refusal: Refusal } | OpenDecision> {
  const [ticket, book] = await Promise.all([ctx.tickets.require(incidentId), ctx.approvals.book(incidentId)]);
  const who = await partsOf(ctx, ticket, userId, kind);
  if ('refusal' in who) return who;
  if (isClosed(ticket.status)) return { refusal: { kind: 'closed', status: ticket.status } };
  const entry = roundOf(book, round);
  if (!entry) return { refusal: { kind: 'unknown_round' } };
  if (entry.state === 'decided') return { refusal: { kind: 'already_decided', round: entry } };
  if (entry.state === 'superseded') return { refusal: { kind: 'superseded', round: entry } };
  return { ticket, ...who };
}

/**
 * A person's decision on one approval round: refused as `decisionOpenTo` says; the first decision
 * wins atomically (across processes) and the work it starts is queued, not done here. Where the
 * plan's steps target services with different approvers, an approval covers the parts its approver
 * may decide, and the plan is approved once every part is; a rejection or a change request by an
 * approver of any part stops the whole plan.
 */
export async function claimDecision(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  decision: Decision,
): Promise<ClaimResult> {
  const open = await decisionOpenTo(ctx, incidentId, round, decision.by, decision.kind);
  if ('refusal' in open) return open.refusal;
  const outcome =
    decision.kind === 'approved' && open.parts.length > 1
      ? await ctx.approvals.approveParts(
          incidentId,
          round,
          open.mine.map((part) => part.key),
          open.parts.map((part) => part.key),
          decision,
        )
      : await ctx.approvals.decide(incidentId, round, decision);
  if (outcome.kind === 'partial') {
    await ctx.queues.requestSlackSync(incidentId);
    return {
      kind: 'partial',
      approved: open.mine,
      waiting: open.parts.filter((part) => outcome.waiting.includes(part.key)),
    };
  }
  if (outcome.kind !== 'won') return outcome;
  await ctx.queues.add('apply-decision', decisionJobOf(incidentId, outcome.round));
  return { kind: 'accepted' };
}
