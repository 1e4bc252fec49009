import { UnrecoverableError } from 'bullmq';
import { encodeTaskRunRef, isFinished, type TaskRun, taskRunKey } from '../../domain/task-run.js';
import { PermanentError, RetryableError } from '../../errors.js';
import { describeStep } from '../../pipeline/diagnosis/runbook-choice.js';
import { QUEUE_NAMES } from '../../pipeline/job-catalog.js';
import { defineJob } from '../../pipeline/job-definition.js';
import { taskApprovers } from '../../pipeline/tasks/task-decision.js';
import { TASK_SYNC_OPTIONS, TaskSyncInput } from '../../pipeline/tasks/task-inputs.js';
import { findTask } from '../../pipeline/tasks/task-schedules.js';
import { renderTaskSteps } from '../../runbooks/index.js';
import { withLease } from '../../store/lease.js';
import { type TaskApprovalView, taskApprovalMessage, taskDigestMessage } from '../blocks/tasks.js';
import type { DesiredMessage } from './desired-message.js';
import { TASK_DIGEST_KEY, taskApprovalKey } from './message-keys.js';
import type { OutboxDeps, Park, SyncRun } from './outbox-deps.js';
import { digestOf, postOnce } from './post-once.js';
import { SlackCallError } from './slack-calls.js';
import { type SyncReport, updateChanged } from './sync.js';
import { askedForApproval, taskDigestView, taskRunAnswer } from './task-views.js';

/** Short, so a sync whose worker died holds the day's lane only briefly; renewed while it runs. */
const SYNC_LEASE_MS = 10_000;

/**
 * Brings one day's routine-task messages up to date in the incident channel: the digest (one root
 * message a day, updated in place) and each approval, posted once each and updated as runs go on;
 * then the private answers to `/task run`. Task messages are no incident's: their records live
 * under the day (the store's task records), posted and updated by the incident outbox's own code.
 */
export async function syncTaskDay(deps: SyncRun, day: string): Promise<SyncReport> {
  const { ctx } = deps;
  const report: SyncReport = { posted: [], updated: [], reconciled: [] };
  const runs = await ctx.tasks.runsOf(day);
  await answerAskers(deps, runs);
  const channel = ctx.settings.incidentChannel;
  if (!channel || runs.length === 0) return report;
  const desired: DesiredMessage[] = [
    { key: TASK_DIGEST_KEY, placement: 'root', message: taskDigestMessage(taskDigestView(day, runs)) },
    ...runs.filter(askedForApproval).map(
      (run): DesiredMessage => ({
        key: taskApprovalKey(taskRunKey(run)),
        placement: 'root',
        message: taskApprovalMessage(approvalView(deps, run)),
      }),
    ),
  ];
  const taskDeps: SyncRun = { ...deps, records: ctx.tasks.messages };
  const { records, pending } = await ctx.tasks.messages.all(day);
  for (const message of desired) {
    if (records.has(message.key)) continue;
    const posted = await postOnce(taskDeps, deps.logger, {
      incidentId: day,
      channel,
      message,
      digest: digestOf(message.message),
      revision: 0,
      wasPending: pending.has(message.key),
      oldestSeconds: Date.parse(day) / 1000 - 60,
    });
    records.set(message.key, posted.record);
    (posted.reconciled ? report.reconciled : report.posted).push(message.key);
  }
  const waitMs = await updateChanged(taskDeps, { incidentId: day, desired, records, revision: 0 }, report);
  return waitMs === 0 ? report : deps.park(waitMs);
}

function approvalView(deps: SyncRun, run: TaskRun): TaskApprovalView {
  const { ctx } = deps;
  const task = findTask(ctx, run.taskId);
  const rendered = task && ctx.catalog ? renderTaskSteps(task, task.schedule, ctx.catalog) : undefined;
  const steps = rendered?.ok ? rendered.steps : [];
  return {
    ref: encodeTaskRunRef(run),
    taskId: run.taskId,
    title: run.title,
    service: run.service,
    schedule: task
      ? `${task.schedule.cron}${task.schedule.timezone ? ` ${task.schedule.timezone}` : ''}`
      : 'unknown',
    ...(run.trigger === 'manual' && run.by ? { askedBy: run.by } : {}),
    steps: steps.map((step) => ({
      id: step.id,
      title: step.title,
      executor: step.executor,
      action: describeStep(ctx, step),
      risk: step.risk,
    })),
    approvers: taskApprovers(ctx, run.service),
    status: run.status,
    ...(run.decidedBy ? { decidedBy: run.decidedBy } : {}),
    ...(run.reason ? { reason: run.reason } : {}),
    ...(run.incidentId ? { incidentId: run.incidentId } : {}),
  };
}

/** `/task run` is answered privately once its run is over (at most once: the claim comes first). */
async function answerAskers(deps: SyncRun, runs: readonly TaskRun[]): Promise<void> {
  for (const run of runs) {
    if (run.trigger !== 'manual' || !run.by || !run.channel || !isFinished(run.status)) continue;
    if (!(await deps.ctx.tasks.claimReply(run))) continue;
    try {
      await deps.slack.call('chat.postEphemeral', {
        channel: run.channel,
        user: run.by,
        text: taskRunAnswer(run),
      });
    } catch (error) {
      if (!(error instanceof SlackCallError)) throw error;
      deps.logger.warn(
        { task: run.taskId, run: run.runId, err: error },
        'could not answer /task run privately',
      );
    }
  }
}

async function syncDayOnce(deps: OutboxDeps, day: string, park: Park): Promise<SyncReport> {
  try {
    const outcome = await withLease(deps.redis, deps.keys.taskSyncLease(day), SYNC_LEASE_MS, () =>
      syncTaskDay({ ...deps, park }, day),
    );
    if (!outcome.ran)
      throw new RetryableError('conflict', `Another outbox worker is syncing tasks of ${day}`);
    // App Home shows each task's last run: a day's change is one of those.
    await deps.ctx.queues.requestHomeRefresh();
    return outcome.value;
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    deps.logger.error({ err: error, day }, 'slack outbox gave up on a task message');
    throw new UnrecoverableError(error.message);
  }
}

/** Brings one day's task digest and approvals up to date: one lane per day (task-sync-request.ts). */
export const taskSyncJob = defineJob({
  name: 'task-sync',
  queue: QUEUE_NAMES.outbox,
  input: TaskSyncInput,
  options: TASK_SYNC_OPTIONS,
  run: (deps: OutboxDeps, { day }, { control }) => syncDayOnce(deps, day, control.park),
});
