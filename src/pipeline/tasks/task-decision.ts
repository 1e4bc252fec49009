import type { TaskRunRef } from '../../domain/task-run.js';
import type { TaskDecision } from '../../store/task-store.js';
import type { PipelineContext } from '../context.js';
import { checkApprover } from '../hitl/approver-check.js';
import { approversOnlyText } from '../hitl/approvers.js';
import { incidentApprovers } from '../hitl/incident-approvers.js';
import { finishTaskRun } from './task-finish.js';
import { findTask } from './task-schedules.js';
import { requestTaskSync } from './task-sync-request.js';

/** Who may approve, run or pause a task: the approvers of its service, as for an incident's plan on it. */
export function taskApprovers(ctx: PipelineContext, service: string): readonly string[] {
  return incidentApprovers(ctx, { rca: null, system: service, recommendations: [] });
}

/** Undefined when `userId` may act on a task of `service`; else the sentence that says who may. */
export async function taskApproverRefusal(
  ctx: PipelineContext,
  service: string,
  userId: string,
  what: string,
): Promise<string | undefined> {
  const approvers = taskApprovers(ctx, service);
  return (await checkApprover(ctx, undefined, approvers, userId)).allowed
    ? undefined
    : approversOnlyText(approvers, what);
}

function alreadyText(decision: TaskDecision): string {
  if (decision.kind === 'expired') return 'This run expired before anyone decided. Nothing was changed.';
  return `This run was already ${decision.kind} by <@${decision.by}>. Nothing was changed.`;
}

/**
 * Approve or Reject on a task run's approval. Everything is checked before anything changes; the
 * first decision wins. Answers the refusal to show the person privately, or undefined.
 */
export async function decideTaskRun(
  ctx: PipelineContext,
  ref: TaskRunRef,
  userId: string,
  kind: 'approved' | 'rejected',
): Promise<string | undefined> {
  const run = await ctx.tasks.run(ref.day, ref.taskId, ref.runId);
  if (run === undefined)
    return 'This task run is no longer known (runs are kept a week). Nothing was changed.';
  if (findTask(ctx, run.taskId) === undefined)
    return `Task \`${run.taskId}\` is no longer loaded. Nothing was changed.`;
  const refusal = await taskApproverRefusal(
    ctx,
    run.service,
    userId,
    `decide on task runs on ${run.service}`,
  );
  if (refusal !== undefined) return refusal;
  const standing = await ctx.tasks.decisionOf(run);
  if (standing) return alreadyText(standing);
  if (run.status !== 'awaiting-approval') return `This run is ${run.status}: there is nothing to decide.`;
  if (kind === 'approved' && (await ctx.killSwitch.state()).on)
    return 'The kill switch is on: no task runs until it is off. Nothing was changed.';
  const { won, decision } = await ctx.tasks.decide(run, { kind, by: userId, at: ctx.now().toISOString() });
  if (!won) return alreadyText(decision);
  if (kind === 'rejected') {
    await finishTaskRun(
      ctx,
      { ...run, decidedBy: userId },
      { status: 'rejected', reason: `rejected by <@${userId}>` },
    );
    return undefined;
  }
  await ctx.tasks.putRun({ ...run, decidedBy: userId, status: 'running' });
  await ctx.queues.add('task-execute', { taskId: run.taskId, day: run.day, runId: run.runId });
  await requestTaskSync(ctx, run.day);
  return undefined;
}
