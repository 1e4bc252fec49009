import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { Status } from '../domain/status.js';
import type { Ticket } from '../domain/ticket.js';
import type { PipelineContext } from './context.js';
import { defineJob, type JobDefinition } from './job-definition.js';
import type { StageDefinition } from './stage-catalog.js';
import { type Present, runStage, type StageNeeds, type StageResult, storedOutput } from './stage-runner.js';

type StageInput = z.ZodType<{ incidentId: string }>;

/** What a stage's `work` is called with. */
export interface StageCall<Input, N extends object> {
  ctx: PipelineContext;
  input: Input;
  /** The ticket as it was when the stage started. */
  ticket: Ticket;
  /** What `needs` loaded, every one present. */
  needs: Present<N & StageNeeds>;
}

export interface StageDeclaration<
  Name extends string,
  Schema extends StageInput,
  Output extends z.ZodType,
  N extends object,
> {
  name: Name;
  input: Schema;
  /** Default: a stage's retries (STAGE_OPTIONS). */
  options?: JobsOptions;
  /** The checklist entry this job records (its key carries the round or the kind where there is one). */
  stage: (input: z.output<Schema>) => StageDefinition;
  /** What the stage stores: a retried job finds it and hands it to `next` instead of judging again. */
  output: Output;
  /** The ticket statuses the stage runs in, checked in the same step that marks it started. */
  runsWhile: readonly Status[];
  /**
   * The earlier stages' outputs it needs, read alongside the stored output; undefined where one is
   * missing, which fails the stage (retried) unless the incident has moved on meanwhile.
   */
  needs?: (ctx: PipelineContext, input: z.output<Schema>) => Promise<N>;
  /** Judges. */
  work: (call: StageCall<z.output<Schema>, N>) => Promise<StageResult<z.output<Output>>>;
  /**
   * What follows (ticket update, next job); runs on a retry too, so it must be idempotent. A `next`
   * that ends the chain after changing the ticket must request a Slack sync itself. Enqueue in a
   * block body (see `defineJob`).
   */
  next?: (call: StageCall<z.output<Schema>, N> & { output: z.output<Output> }) => Promise<void>;
}

/**
 * A stage of the incident's checklist, declared once beside its work: the job (name, input,
 * options) and the common prologue around `runStage` (the stored output of an earlier attempt and
 * the earlier stages' outputs, read in parallel; the status check, skip-if-done, the run's record).
 */
export function defineStage<
  const Name extends string,
  Schema extends StageInput,
  Output extends z.ZodType,
  N extends object = Record<never, never>,
>(spec: StageDeclaration<Name, Schema, Output, N>): JobDefinition<Name, z.output<Schema>, PipelineContext> {
  type Input = z.output<Schema>;
  type Needs = N & StageNeeds;
  return defineJob({
    name: spec.name,
    input: spec.input,
    ...(spec.options ? { options: spec.options } : {}),
    stage: spec.stage,
    run: async (ctx: PipelineContext, input: Input, { attempt }) => {
      const { incidentId } = input;
      const stage = spec.stage(input);
      const [stored, needs] = await Promise.all([
        storedOutput(ctx, attempt, incidentId, stage.key, spec.output as z.ZodType<z.output<Output>>),
        spec.needs ? spec.needs(ctx, input) : ({} as N),
      ]);
      const { next } = spec;
      await runStage<z.output<Output>, Needs>(ctx, {
        incidentId,
        stage,
        attempt,
        runsWhile: spec.runsWhile,
        needs: needs as Needs,
        stored,
        work: (ticket, present) => spec.work({ ctx, input, ticket, needs: present }),
        ...(next
          ? { next: (output, ticket, present) => next({ ctx, input, ticket, needs: present, output }) }
          : {}),
      });
    },
  });
}
