import { faultSignature } from '../../agents/learning.js';
import type { UnreadableGroup } from '../../domain/approver-verdict.js';
import type { CauseVerdict } from '../../domain/cause-feedback.js';
import type { PipelineContext } from '../context.js';
import { partsDecidedBy } from './claim-decision.js';
import { incidentApprovers } from './incident-approvers.js';

export type CauseFeedbackResult =
  | {
      kind: 'recorded';
      verdict: CauseVerdict;
      /** An approver's: it moved the learning record. */
      counted: boolean;
      /** The same person's earlier verdict, now replaced. */
      replaced?: CauseVerdict;
      /** Who may teach the crew, for someone who may not (empty: anyone). */
      approvers: readonly string[];
      unreadable: readonly UnreadableGroup[];
    }
  | { kind: 'unknown_incident' }
  | { kind: 'no_root_cause' };

/**
 * A person's "Right cause" / "Wrong cause" on an incident's root-cause analysis. Every click is
 * recorded (timeline: who, when, what), and each person's last one stands; only an approver's
 * (anyone who may decide some part of the incident's plan, as for the approval buttons) feeds the
 * learning record that routing and AUTO_REMEDIATE read. A repeated click replaces the earlier
 * verdict: the counts move by the difference.
 */
export async function recordCauseFeedback(
  ctx: PipelineContext,
  incidentId: string,
  userId: string,
  verdict: CauseVerdict,
): Promise<CauseFeedbackResult> {
  const ticket = await ctx.tickets.get(incidentId);
  if (!ticket) return { kind: 'unknown_incident' };
  if (!ticket.rca) return { kind: 'no_root_cause' };
  const { mine, unreadable } = await partsDecidedBy(ctx, ticket, userId);
  const counted = mine.length > 0;
  const signature = faultSignature(ticket.rca.fault, ticket.rca.rootService);
  const now = ctx.now();
  const { previous } = await ctx.learning.recordCauseVerdict(incidentId, userId, {
    verdict,
    at: now.toISOString(),
    ...(counted ? { signature } : {}),
  });
  await ctx.timeline.append(
    incidentId,
    'rca.feedback',
    { verdict, counted, ...(previous ? { replaces: previous.verdict } : {}) },
    { by: userId, now },
  );
  // A closed incident's postmortem in the thread lists the clicks: it is redrawn.
  await ctx.queues.requestSlackSync(incidentId);
  // App Home's learning section shows the approvers' verdicts.
  if (counted) await ctx.queues.requestHomeRefresh();
  return {
    kind: 'recorded',
    verdict,
    counted,
    ...(previous ? { replaced: previous.verdict } : {}),
    approvers: counted ? [] : incidentApprovers(ctx, ticket),
    unreadable: counted ? [] : unreadable,
  };
}
