import type { ReasoningMeta } from '../agents/reasoner.js';
import type { StageRun } from '../domain/stage-run.js';
import { errorMessage } from '../errors.js';
import type { PipelineContext } from './context.js';
import type { StageDefinition } from './stage-catalog.js';

export interface StageResult<T> {
  output: T;
  summary: string;
  meta?: ReasoningMeta;
}

export interface StageAttempt {
  attempt: number;
  isFinalAttempt: boolean;
}

/**
 * Runs one stage in the open: marks it running, records its output, duration and summary, and
 * tells the thread. A stage whose output is already stored (a retried or redelivered job) is not
 * judged again: the stored output is returned and nothing is recorded twice.
 */
export async function runStage<T>(
  ctx: PipelineContext,
  incidentId: string,
  stage: StageDefinition,
  attempt: StageAttempt,
  stored: T | undefined,
  work: () => Promise<StageResult<T>>,
): Promise<T> {
  if (stored !== undefined) return stored;
  const startedAt = ctx.now();
  const running: StageRun = {
    ...stage,
    state: 'running',
    startedAt: startedAt.toISOString(),
    attempt: attempt.attempt,
  };
  await Promise.all([
    ctx.stages.putRun(incidentId, running),
    ctx.timeline.append(
      incidentId,
      'stage.started',
      { stage: stage.key, attempt: attempt.attempt },
      { now: startedAt },
    ),
    ctx.queues.requestSlackSync(incidentId),
  ]);

  let result: StageResult<T>;
  try {
    result = await work();
  } catch (error) {
    const failedAt = ctx.now();
    const failed: StageRun = {
      ...running,
      state: attempt.isFinalAttempt ? 'failed' : 'running',
      error: errorMessage(error),
      ...(attempt.isFinalAttempt ? { finishedAt: failedAt.toISOString() } : {}),
    };
    await Promise.all([
      ctx.stages.putRun(incidentId, failed),
      ctx.timeline.append(
        incidentId,
        'stage.failed',
        {
          stage: stage.key,
          attempt: attempt.attempt,
          error: errorMessage(error),
          final: attempt.isFinalAttempt,
        },
        { now: failedAt },
      ),
      ctx.queues.requestSlackSync(incidentId),
    ]);
    throw error;
  }

  const finishedAt = ctx.now();
  const durationMs = finishedAt.getTime() - startedAt.getTime();
  const done: StageRun = {
    ...running,
    state: 'done',
    finishedAt: finishedAt.toISOString(),
    durationMs,
    summary: result.summary,
    ...(result.meta ? { engine: result.meta.engine } : {}),
    ...(result.meta?.fallbackReason ? { fallbackReason: result.meta.fallbackReason } : {}),
  };
  // The output is stored before the run is marked done, so "done" always has an output behind it.
  await ctx.stages.putOutput(incidentId, stage.key, result.output);
  await Promise.all([
    ctx.stages.putRun(incidentId, done),
    ctx.timeline.append(
      incidentId,
      'stage.finished',
      {
        stage: stage.key,
        durationMs,
        summary: result.summary,
        startedAt: running.startedAt,
        finishedAt: done.finishedAt,
        ...(result.meta ? { engine: result.meta.engine, latencyMs: result.meta.latencyMs } : {}),
      },
      { now: finishedAt },
    ),
    ctx.queues.requestSlackSync(incidentId),
  ]);
  return result.output;
}
