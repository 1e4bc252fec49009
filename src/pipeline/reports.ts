import { confidenceAdjustment, faultSignature } from '../agents/learning.js';
import { FAULT_CATALOG, FAULT_KINDS, type FaultKind } from '../domain/faults.js';
import { type Postmortem, postmortemOf } from '../domain/postmortem.js';
import type { Ticket } from '../domain/ticket.js';
import type { PipelineContext } from './context.js';

/** What the crew learned from this incident's signature: one line per action kind of its plan. */
export async function learnedLines(ctx: PipelineContext, ticket: Ticket): Promise<string[]> {
  if (!ticket.rca) return [];
  const signature = faultSignature(ticket.rca.fault, ticket.rca.rootService);
  const kinds = [...new Set(ticket.recommendations.map((action) => action.kind))];
  const lines = await Promise.all(
    kinds.map(
      async (kind) => `${kind}: ${confidenceAdjustment(await ctx.learning.stats(signature, kind)).reason}`,
    ),
  );
  return lines;
}

/** `now` defaults to the last change of the ticket, so the same incident renders the same text. */
export async function postmortemFor(
  ctx: PipelineContext,
  ticket: Ticket,
  now = new Date(ticket.updatedAt),
): Promise<Postmortem> {
  const timeline = await ctx.timeline.read(ticket.id);
  return postmortemOf(ticket, timeline, { now, learned: await learnedLines(ctx, ticket) });
}

/** The crew's work on an incident is over: its postmortem goes into the thread. */
export const POSTMORTEM_STATUSES = ['Resolved', 'Partially_Resolved', 'Rejected', 'Needs_Followup'] as const;

/** Past decisions on a fault signature, for the planner: one line per runbook action of the fault. */
export async function decisionHistory(
  ctx: PipelineContext,
  fault: string,
  service: string,
): Promise<string[]> {
  if (!(FAULT_KINDS as readonly string[]).includes(fault)) return [];
  const signature = faultSignature(fault, service);
  const kinds = FAULT_CATALOG[fault as FaultKind].remediation;
  const lines = await Promise.all(
    kinds.map(async (kind) => {
      const adjustment = confidenceAdjustment(await ctx.learning.stats(signature, kind));
      return adjustment.decisions > 0 ? `${kind}: ${adjustment.reason}` : undefined;
    }),
  );
  return lines.filter((line): line is string => line !== undefined);
}
