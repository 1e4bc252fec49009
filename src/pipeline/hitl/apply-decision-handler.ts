import { z } from 'zod';
import { faultSignature, type HumanDecision } from '../../agents/learning.js';
import { overridePlan } from '../../agents/override-plan.js';
import { type Decision, roundOf } from '../../domain/approval.js';
import { findDecision } from '../../domain/lost-decision.js';
import type { Status } from '../../domain/status.js';
import { type PlannedAction, type Ticket, withStatus } from '../../domain/ticket.js';
import { withinReach } from '../action-reach.js';
import type { PipelineContext } from '../context.js';
import { RoundInput } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';

const DECIDABLE: readonly Status[] = ['Awaiting_Approval', 'Remediation_Recommended'];

function who(decision: Decision): string {
  return decision.by ? `<@${decision.by}>` : 'the crew';
}

/** The kinds a person takes on the approval message; `auto` and `timed_out` are the crew's. */
const ANSWERS_AN_ASK: ReadonlySet<Decision['kind']> = new Set([
  'approved',
  'rejected',
  'overridden',
  'changes_requested',
]);

/**
 * The decide stage opens the round (its approval message can be posted from then on) a moment
 * before it moves the ticket to Awaiting_Approval; a retry after a crash in between stretches that
 * moment. A person's decision that lands in it answers the ask all the same: the ticket takes the
 * step it was about to take, then the decision's. (Rejected and Diagnosing are not reachable from
 * Remediation_Recommended, so applying the decision straight away would throw and leave the ticket
 * stuck with a decided round.)
 */
function asked(ticket: Ticket, decision: Decision, now: Date): Ticket {
  return ticket.status === 'Remediation_Recommended' && ANSWERS_AN_ASK.has(decision.kind)
    ? withStatus(ticket, 'Awaiting_Approval', {
        now,
        by: 'crew',
        reason: 'decided as the approval was asked',
      })
    : ticket;
}

/** The ticket a decision leads to, or undefined when it was already applied. Pure. */
export function ticketAfterDecision(
  current: Ticket,
  decision: Decision,
  now: Date,
  hitlTimeoutSeconds: number,
  planOverride: (steps: readonly string[], root: string) => PlannedAction[],
) {
  if (!DECIDABLE.includes(current.status)) return undefined;
  const ticket = asked(current, decision, now);
  const meta = {
    now,
    ...(decision.by ? { by: decision.by } : {}),
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
  switch (decision.kind) {
    case 'approved':
    case 'auto':
      return withStatus(ticket, 'Remediating', meta);
    case 'overridden':
      return {
        ...withStatus(ticket, 'Remediating', meta),
        recommendations: planOverride(decision.steps ?? [], ticket.rca?.rootService ?? ticket.system),
      };
    case 'rejected':
      return {
        ...withStatus(ticket, 'Rejected', meta),
        resolution: `Rejected by ${who(decision)}: ${decision.reason ?? 'no reason given'}`,
      };
    case 'changes_requested':
      return withStatus(ticket, 'Diagnosing', meta);
    case 'timed_out':
      return {
        ...withStatus(ticket, 'Needs_Followup', { now, by: 'crew', reason: 'approval timed out' }),
        resolution: `No decision within ${hitlTimeoutSeconds} s: the plan was not run. A person needs to follow up.`,
      };
  }
}

const LEARNED_AS: Partial<Record<Decision['kind'], HumanDecision>> = {
  approved: 'approve',
  rejected: 'reject',
  overridden: 'override',
  changes_requested: 'request_changes',
  timed_out: 'timeout',
};

/** People's decisions teach the crew how far to trust this kind of plan for this fault. */
async function recordForLearning(ctx: PipelineContext, ticket: Ticket, decision: Decision) {
  const learned = LEARNED_AS[decision.kind];
  if (!learned || !ticket.rca) return;
  // The crew's plan as it stood when people decided on it (an override then replaces it).
  const kinds = ticket.recommendations.map((action) => action.kind);
  if (kinds.length === 0) return;
  await ctx.learning.recordDecision(faultSignature(ticket.rca.fault, ticket.rca.rootService), kinds, learned);
}

/**
 * The round is pending again though its decision's job ran: a Redis failover lost the decision.
 * Nothing is applied; the thread says so and asks again (the approval message gets its buttons
 * back), once per loss however often the job is retried.
 */
async function askAgain(ctx: PipelineContext, incidentId: string, round: number, asked: number) {
  if (!(await ctx.approvals.noteLost(incidentId, round, asked, ctx.now()))) return;
  ctx.logger.warn({ incident: incidentId, round }, 'a Redis failover lost a decision: asking again');
  await ctx.timeline.append(incidentId, 'approval.lost', { round, asked: asked + 1 });
  await ctx.queues.requestSlackSync(incidentId);
}

/**
 * Carries out a decision that won its round: the ticket moves and the next flow starts. `asked`:
 * how many times people had been asked again when it was taken (see lost-decision.ts).
 */
export async function handleApplyDecision(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  asked = 0,
): Promise<void> {
  const found = findDecision(roundOf(await ctx.approvals.book(incidentId), round), asked);
  if (found.kind === 'lost') return askAgain(ctx, incidentId, round, asked);
  if (found.kind === 'nothing') return;
  const { decision } = found;
  let decidedOn: Ticket | undefined;
  const ticket = await ctx.tickets.update(incidentId, (current) => {
    const next = ticketAfterDecision(
      current,
      decision,
      ctx.now(),
      ctx.settings.hitlTimeoutSeconds,
      (steps, root) =>
        withinReach(
          ctx,
          overridePlan(steps, root, (word) => ctx.directory.resolve(word)),
        ),
    );
    decidedOn = next ? current : undefined;
    return next;
  });
  if (decidedOn) {
    await recordForLearning(ctx, decidedOn, decision);
    await ctx.timeline.append(
      incidentId,
      'decision',
      {
        round,
        decision: decision.kind,
        ...(decision.reason ? { reason: decision.reason } : {}),
        ...(decision.steps ? { steps: decision.steps } : {}),
        status: ticket.status,
      },
      decision.by ? { by: decision.by } : {},
    );
  }
  // Queued whether or not this run moved the ticket: a retry after a crash must still start the work.
  if (ticket.status === 'Remediating') await ctx.queues.add('remediate', { incidentId, round });
  if (ticket.status === 'Diagnosing' && decision.kind === 'changes_requested') {
    await ctx.queues.add('plan', { incidentId, round: round + 1 });
  }
  await ctx.queues.requestSlackSync(incidentId);
}

export const applyDecisionJob = defineJob({
  name: 'apply-decision',
  /** `asked`: how many times people were asked again after a failover lost a decision (lost-decision.ts). */
  input: RoundInput.extend({ asked: z.number().int().positive().optional() }),
  run: (ctx, { incidentId, round, asked }) => handleApplyDecision(ctx, incidentId, round, asked),
});
