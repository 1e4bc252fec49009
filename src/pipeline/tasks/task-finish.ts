import { isClosed } from '../../domain/status.js';
import type { TaskRun, TaskRunStatus } from '../../domain/task-run.js';
import type { PipelineContext } from '../context.js';
import { openIncident } from '../open-incident.js';
import { requestTaskSync } from './task-sync-request.js';

const ISSUE_LIMIT = 500;

/**
 * Records how a run ended and asks for the day's digest to show it. A failure opens an incident
 * on the task's service (a real service: a real incident), or joins the one an earlier failure
 * of the same task opened while that is still open.
 */
export async function finishTaskRun(
  ctx: PipelineContext,
  run: TaskRun,
  end: { status: Exclude<TaskRunStatus, 'running' | 'awaiting-approval'>; reason?: string },
): Promise<void> {
  const now = ctx.now();
  let finished: TaskRun = {
    ...run,
    status: end.status,
    ...(end.reason === undefined ? {} : { reason: end.reason }),
    finishedAt: now.toISOString(),
  };
  if (end.status === 'failed' && run.incidentId === undefined)
    finished = { ...finished, incidentId: await incidentFor(ctx, finished) };
  await ctx.tasks.putRun(finished);
  await ctx.tasks.updateState(run.taskId, (state) => {
    const { awaiting, ...rest } = state;
    const stillAwaiting = awaiting && awaiting.runId !== run.runId ? { awaiting } : {};
    return {
      ...rest,
      ...stillAwaiting,
      last: {
        day: run.day,
        runId: run.runId,
        status: end.status,
        at: finished.finishedAt ?? now.toISOString(),
      },
      ...(finished.incidentId ? { incidentId: finished.incidentId } : {}),
    };
  });
  await requestTaskSync(ctx, run.day);
}

async function incidentFor(ctx: PipelineContext, run: TaskRun): Promise<string> {
  const { incidentId } = await ctx.tasks.state(run.taskId);
  const open = incidentId ? await ctx.tickets.get(incidentId) : undefined;
  if (open && !isClosed(open.status)) return open.id;
  const issue = `Routine task ${run.taskId} (${run.title}) failed: ${run.reason ?? 'no reason given'}`;
  const ticket = await openIncident(ctx, {
    system: run.service,
    issue: issue.length > ISSUE_LIMIT ? `${issue.slice(0, ISSUE_LIMIT - 1)}…` : issue,
    sev: 'sev3',
    source: 'task',
    channel: ctx.settings.incidentChannel,
    ...(run.by ? { openedBy: run.by } : {}),
  });
  return ticket.id;
}
