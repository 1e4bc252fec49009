import { DelayedError } from 'bullmq';
import type { ZodType } from 'zod';
import type { ReasoningMeta } from '../agents/reasoner.js';
import type { StageRun } from '../domain/stage-run.js';
import type { Status } from '../domain/status.js';
import type { Ticket } from '../domain/ticket.js';
import { errorMessage } from '../errors.js';
import type { PipelineContext } from './context.js';
import type { StageDefinition } from './stage-catalog.js';

const SHOW_RUNNING_AFTER_MS = 250;

export interface StageResult<T> {
  output: T;
  summary: string;
  meta?: ReasoningMeta;
}

export interface StageAttempt {
  attempt: number;
  isFinalAttempt: boolean;
  /** The job has never been started before: no earlier attempt can have stored an output. */
  firstStart: boolean;
}

/**
 * The output an earlier attempt of this stage stored, if any. A job's first start skips the read:
 * stage jobs have deterministic ids, so only a retried or redelivered job can find one.
 */
export function storedOutput<T>(
  ctx: PipelineContext,
  attempt: StageAttempt,
  incidentId: string,
  stageKey: string,
  schema: ZodType<T>,
): Promise<T | undefined> {
  return attempt.firstStart ? Promise.resolve(undefined) : ctx.stages.output(incidentId, stageKey, schema);
}

/** The outputs of earlier stages a stage needs, by name; undefined where one is missing. */
export type StageNeeds = Record<string, unknown>;
export type Present<N extends StageNeeds> = { [K in keyof N]: NonNullable<N[K]> };

export interface StageSpec<T, N extends StageNeeds> {
  incidentId: string;
  stage: StageDefinition;
  attempt: StageAttempt;
  /** The ticket statuses this stage runs in, checked in the same step that marks it started. */
  runsWhile: readonly Status[];
  /**
   * Checked once the stage may run: a missing one fails the stage (and is retried), while a stage
   * whose incident closed before its inputs were made just does nothing.
   */
  needs: N;
  /** The output a previous attempt already stored, if any. */
  stored: T | undefined;
  /** Judges; gets the ticket as it was when the stage started. */
  work: (ticket: Ticket, inputs: Present<N>) => Promise<StageResult<T>>;
  /**
   * What follows the stage (ticket update, next job); runs on a retry too, so it must be idempotent.
   * A `next` that ends the chain after changing the ticket must request a Slack sync itself.
   */
  next?: (output: T, ticket: Ticket, inputs: Present<N>) => Promise<void>;
}

function present<N extends StageNeeds>(incidentId: string, stage: StageDefinition, needs: N): Present<N> {
  const missing = Object.keys(needs).filter((name) => needs[name] === undefined);
  if (missing.length > 0) {
    throw new Error(`${stage.label} of ${incidentId} has no ${missing.join(' or ')} output yet`);
  }
  return needs as Present<N>;
}

/**
 * Runs one stage in the open: marks it running, records its output, duration and summary, and
 * tells the thread. A stage whose output is already stored (a retried or redelivered job) is not
 * judged again: the stored output is handed to `next` and nothing is recorded twice. A stage whose
 * incident has moved on (closed, superseded) does nothing and returns undefined.
 */
export async function runStage<T, N extends StageNeeds>(
  ctx: PipelineContext,
  spec: StageSpec<T, N>,
): Promise<T | undefined> {
  const { incidentId, stage, attempt } = spec;
  if (spec.stored !== undefined) {
    const ticket = await ctx.tickets.require(incidentId);
    if (!spec.runsWhile.includes(ticket.status)) return undefined;
    await spec.next?.(spec.stored, ticket, present(incidentId, stage, spec.needs));
    return spec.stored;
  }
  const startedAt = ctx.now();
  const running: StageRun = {
    ...stage,
    state: 'running',
    startedAt: startedAt.toISOString(),
    attempt: attempt.attempt,
  };
  const { ticket, started } = await ctx.stages.start(incidentId, running, spec.runsWhile);
  if (!started) return undefined;
  // A stage that finishes within the outbox's coalescing window would never be seen running:
  // only a slow stage asks the thread to show it. Showing it is best effort: a Redis blip here must
  // not become an unhandled rejection while the stage is still at work (the sync at the end retries).
  let startShown: Promise<void> = Promise.resolve();
  const showRunning = setTimeout(() => {
    startShown = ctx.queues.requestSlackSync(incidentId).catch((error: unknown) => {
      ctx.logger.debug({ err: error, incident: incidentId }, 'could not show a stage running');
    });
  }, SHOW_RUNNING_AFTER_MS);

  let result: StageResult<T>;
  let inputs: Present<N>;
  try {
    inputs = present(incidentId, stage, spec.needs);
    result = await spec.work(ticket, inputs);
  } catch (error) {
    clearTimeout(showRunning);
    await startShown;
    // A stage that parked its job (waiting for a person) has not failed: it runs again later.
    if (error instanceof DelayedError) throw error;
    await recordFailure(ctx, spec, running, error);
    throw error;
  }

  clearTimeout(showRunning);
  const finishedAt = ctx.now();
  const durationMs = finishedAt.getTime() - startedAt.getTime();
  ctx.metrics?.observeStage(stage.key, durationMs, result.meta?.engine, Boolean(result.meta?.fallbackReason));
  const done: StageRun = {
    ...running,
    state: 'done',
    finishedAt: finishedAt.toISOString(),
    durationMs,
    summary: result.summary,
    ...(result.meta ? { engine: result.meta.engine } : {}),
    ...(result.meta?.fallbackReason ? { fallbackReason: result.meta.fallbackReason } : {}),
    ...(result.meta?.tokens ? { tokens: result.meta.tokens.total } : {}),
    ...(result.meta ? { latencyMs: Math.round(result.meta.latencyMs) } : {}),
  };
  // All on one connection, issued in this order: the output lands before the run is marked done
  // and before anything `next` enqueues, without waiting a round trip in between.
  const recorded = Promise.all([
    ctx.stages.putOutput(incidentId, stage.key, result.output),
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
  ]);
  // BullMQ hands the next stage's job to this worker when this one completes, so the thread's
  // sync request goes alongside `next`, not after it. It follows the writes above on the same
  // connection; a `next` that changes the ticket and starts no further stage requests its own.
  const followUp = spec.next?.(result.output, ticket, inputs);
  await Promise.all([recorded, startShown, followUp, ctx.queues.requestSlackSync(incidentId)]);
  return result.output;
}

async function recordFailure<T, N extends StageNeeds>(
  ctx: PipelineContext,
  spec: StageSpec<T, N>,
  running: StageRun,
  error: unknown,
) {
  const failedAt = ctx.now();
  const final = spec.attempt.isFinalAttempt;
  const failed: StageRun = {
    ...running,
    state: final ? 'failed' : 'running',
    error: errorMessage(error),
    ...(final ? { finishedAt: failedAt.toISOString() } : {}),
  };
  await Promise.all([
    ctx.stages.putRun(spec.incidentId, failed),
    ctx.timeline.append(
      spec.incidentId,
      'stage.failed',
      { stage: running.key, attempt: spec.attempt.attempt, error: errorMessage(error), final },
      { now: failedAt },
    ),
  ]);
  await ctx.queues.requestSlackSync(spec.incidentId);
}
