import { dayOf, isFinished, type TaskRun, taskRunKey } from '../../domain/task-run.js';
import { guardRefusal } from '../../executors/guard-step.js';
import { renderTaskSteps } from '../../runbooks/index.js';
import { type PlannedStep, type RunOutcome, runSteps } from '../../runner/index.js';
import type { PipelineContext } from '../context.js';
import { describeStep } from '../diagnosis/runbook-choice.js';
import { stepCheckProblems } from '../step-checks.js';
import { finishTaskRun } from './task-finish.js';
import type { TaskExecuteInput, TaskRunInput } from './task-inputs.js';
import { findTask, scheduledRunId, type Task } from './task-schedules.js';
import { requestTaskSync } from './task-sync-request.js';

/**
 * A task's run starts: from its scheduler (skipped while paused or under the kill switch, whose
 * schedulers are gone but a tick may already be queued) or from `/task run`. An `approve` task's
 * run then waits for a person; an `auto` task's runs at once. A retried job finds its run recorded
 * and carries on from there.
 */
export async function handleTaskRun(
  ctx: PipelineContext,
  data: TaskRunInput,
  job: { id: string | undefined; timestamp: number },
): Promise<void> {
  const task = findTask(ctx, data.taskId);
  if (task === undefined) {
    ctx.logger.warn({ task: data.taskId }, 'a run of a task that is no longer loaded: nothing to do');
    return;
  }
  const manual = data.requestId !== undefined;
  const [killSwitch, paused] = await Promise.all([ctx.killSwitch.state(), ctx.tasks.paused()]);
  if (!manual && (killSwitch.on || paused.has(task.id))) return;
  const now = ctx.now();
  const run = await ctx.tasks.startRun({
    taskId: task.id,
    runId: manual ? `m${data.requestId}` : scheduledRunId(job.id, job.timestamp),
    day: dayOf(now),
    title: task.title,
    service: task.schedule.service,
    mode: task.schedule.mode,
    trigger: manual ? 'manual' : 'schedule',
    ...(data.by ? { by: data.by } : {}),
    ...(data.channel ? { channel: data.channel } : {}),
    status: 'running',
    startedAt: now.toISOString(),
    steps: task.steps.map((step) => ({ id: step.id, title: step.title, outcome: 'not-run' as const })),
  });
  // A retried job whose run was decided (or is over) leaves it to its execute job.
  if (isFinished(run.status) || run.decidedBy !== undefined) return requestTaskSync(ctx, run.day);
  if (killSwitch.on) return finishTaskRun(ctx, run, { status: 'skipped', reason: 'the kill switch is on' });
  const planned = plannedSteps(ctx, task);
  if (!planned.ok) return finishTaskRun(ctx, run, { status: 'failed', reason: planned.problem });
  // An auto task's run is approved by its runbook's schedule, or by whoever asked for it.
  if (task.schedule.mode === 'auto')
    return executeSteps(ctx, task, run, planned.steps, [run.by ?? 'schedule']);
  await awaitApproval(ctx, run);
}

/** An approved run of an `approve` task: its steps, once (a retried job carries on from the records). */
export async function handleTaskExecute(ctx: PipelineContext, data: TaskExecuteInput): Promise<void> {
  const run = await ctx.tasks.run(data.day, data.taskId, data.runId);
  if (run === undefined || isFinished(run.status)) return;
  const task = findTask(ctx, data.taskId);
  if (task === undefined)
    return finishTaskRun(ctx, run, { status: 'failed', reason: 'the task is no longer loaded' });
  const decision = await ctx.tasks.decisionOf(run);
  if (decision?.kind !== 'approved') return;
  if ((await ctx.killSwitch.state()).on)
    return finishTaskRun(ctx, run, { status: 'skipped', reason: 'the kill switch is on' });
  const planned = plannedSteps(ctx, task);
  if (!planned.ok) return finishTaskRun(ctx, run, { status: 'failed', reason: planned.problem });
  await executeSteps(ctx, task, run, planned.steps, [decision.by]);
}

/** The task's steps rendered from its schedule's values and passed through the safety guard. */
function plannedSteps(
  ctx: PipelineContext,
  task: Task,
): { ok: true; steps: PlannedStep[] } | { ok: false; problem: string } {
  if (ctx.catalog === undefined) return { ok: false, problem: 'no catalog is loaded' };
  const rendered = renderTaskSteps(task, task.schedule, ctx.catalog);
  if (!rendered.ok) return rendered;
  // What the approval shows is what the guard reads, as for an incident's plan.
  for (const step of rendered.steps) {
    const refused = guardRefusal(describeStep(ctx, step), 'command');
    if (refused !== undefined) return { ok: false, problem: `step ${step.id}: ${refused}` };
  }
  return rendered;
}

/**
 * Posts the approval, which expires after HITL_TIMEOUT_SECONDS as an incident's does; a newer
 * run's approval replaces one nobody answered.
 */
async function awaitApproval(ctx: PipelineContext, run: TaskRun): Promise<void> {
  const stale = (await ctx.tasks.state(run.taskId)).awaiting;
  if (stale && stale.runId !== run.runId) {
    const old = await ctx.tasks.run(stale.day, run.taskId, stale.runId);
    if (old) await expireTaskRun(ctx, old, `a newer run (${run.runId}) asks instead`);
  }
  await ctx.tasks.putRun({ ...run, status: 'awaiting-approval' });
  await ctx.tasks.updateState(run.taskId, (state) => ({
    ...state,
    awaiting: { day: run.day, runId: run.runId },
  }));
  await ctx.queues.add(
    'task-expire',
    { taskId: run.taskId, day: run.day, runId: run.runId },
    { delayMs: ctx.settings.hitlTimeoutSeconds * 1000 },
  );
  await requestTaskSync(ctx, run.day);
}

/** Nobody decided in time: the run ends expired, unless a decision came first (the first one wins). */
export async function handleTaskExpire(
  ctx: PipelineContext,
  data: TaskExecuteInput,
  why = '',
): Promise<void> {
  const run = await ctx.tasks.run(data.day, data.taskId, data.runId);
  if (run) await expireTaskRun(ctx, run, `nobody decided within ${ctx.settings.hitlTimeoutSeconds} s${why}`);
}

async function expireTaskRun(ctx: PipelineContext, run: TaskRun, reason: string): Promise<void> {
  if (run.status !== 'awaiting-approval') return;
  const expiry = { kind: 'expired' as const, by: 'warroom', at: ctx.now().toISOString() };
  const { won, decision } = await ctx.tasks.decide(run, expiry);
  // A retried expiry finds its own claim standing: it finishes what the first attempt began.
  if (won || decision.kind === 'expired') await finishTaskRun(ctx, run, { status: 'expired', reason });
}

async function executeSteps(
  ctx: PipelineContext,
  task: Task,
  run: TaskRun,
  steps: readonly PlannedStep[],
  approvedBy: readonly string[],
): Promise<void> {
  const outcome = await runSteps(steps, {
    incidentId: taskRunKey(run),
    round: 1,
    approvedBy,
    executors: ctx.stepExecutors ?? { byName: () => undefined },
    records: ctx.tasks.stepRecords,
    clock: { now: () => ctx.now().getTime() },
  });
  // Another worker recorded the first step's start: it finishes and reports the run.
  if (outcome.status === 'running-elsewhere') return;
  const results = await Promise.all(
    task.steps.map(async (step) => {
      const record = await ctx.tasks.stepRecords.read({
        incidentId: taskRunKey(run),
        round: 1,
        stepId: step.id,
      });
      const outcome = record?.outcome;
      return {
        id: step.id,
        title: step.title,
        outcome: outcome
          ? outcome.outcome === 'ok'
            ? ('ok' as const)
            : outcome.outcome
          : ('not-run' as const),
        ...(outcome?.reason ? { reason: outcome.reason } : {}),
      };
    }),
  );
  await ctx.tasks.settleStepRecords(taskRunKey(run));
  // Checked as an incident's run is: a check that does not hold fails the run, with what it read.
  const problems =
    outcome.status === 'completed'
      ? await stepCheckProblems(ctx, steps, { healthOf: task.schedule.service })
      : [];
  const verdict =
    problems.length === 0
      ? verdictOf(outcome)
      : { status: 'failed' as const, reason: `a step's check does not hold: ${problems.join('; ')}` };
  await finishTaskRun(ctx, { ...run, steps: results }, verdict);
}

function verdictOf(outcome: RunOutcome): { status: 'ok' | 'failed'; reason?: string } {
  switch (outcome.status) {
    case 'completed':
      return { status: 'ok' };
    case 'needs-approval':
      return { status: 'failed', reason: `step ${outcome.stepId} asks for its own approval` };
    case 'running-elsewhere':
      return { status: 'failed', reason: 'another worker runs it' };
    default: {
      const undone = outcome.rollbacks.map((rollback) => `${rollback.stepId} ${rollback.outcome}`);
      const rolledBack = undone.length > 0 ? ` (rolled back: ${undone.join(', ')})` : '';
      return { status: 'failed', reason: `step ${outcome.stepId}: ${outcome.reason}${rolledBack}` };
    }
  }
}
