import { roundOf } from '../../domain/approval.js';
import { decisionJobOf } from '../../domain/lost-decision.js';
import type { PipelineContext } from '../context.js';
import { RoundInput } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';

/** Half-way through the wait: the thread reminds the approvers (once per round). */
export async function handleReminder(ctx: PipelineContext, incidentId: string, round: number): Promise<void> {
  const entry = roundOf(await ctx.approvals.book(incidentId), round);
  if (entry?.state !== 'pending') return;
  const reminded = await ctx.approvals.remind(incidentId, round, ctx.now());
  if (!reminded) return;
  await ctx.timeline.append(incidentId, 'approval.reminder', { round, approvers: ctx.settings.approvers });
  await ctx.queues.requestSlackSync(incidentId);
}

/** No decision in time: the decision is null, and the incident goes to people to follow up. */
export async function handleTimeout(ctx: PipelineContext, incidentId: string, round: number): Promise<void> {
  const outcome = await ctx.approvals.decide(incidentId, round, {
    kind: 'timed_out',
    at: ctx.now().toISOString(),
  });
  if (outcome.kind === 'won' || outcome.kind === 'already_decided') {
    // Applying is idempotent: a retry after a crash between decide and here still finishes the job.
    if (outcome.round.decision?.kind === 'timed_out')
      await ctx.queues.add('apply-decision', decisionJobOf(incidentId, outcome.round));
  }
}

export const hitlReminderJob = defineJob({
  name: 'hitl-reminder',
  input: RoundInput,
  run: (ctx, { incidentId, round }) => handleReminder(ctx, incidentId, round),
});

export const hitlTimeoutJob = defineJob({
  name: 'hitl-timeout',
  input: RoundInput,
  run: (ctx, { incidentId, round }) => handleTimeout(ctx, incidentId, round),
});
