import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { PipelineContext } from './context.js';
import { QUEUE_NAMES, type QueueName, STAGE_OPTIONS } from './job-catalog.js';
import type { JobControl } from './park.js';
import type { StageDefinition } from './stage-catalog.js';
import type { StageAttempt } from './stage-runner.js';

/** What one run of a job knows besides its input: which attempt it is, and how to wait. */
export interface JobRun {
  attempt: StageAttempt;
  control: JobControl;
  /** BullMQ's id and creation time of this job: a job scheduler's tick is known only by them. */
  job: { id: string | undefined; timestamp: number };
}

/**
 * One job, declared once beside its handler: the queues, the worker's dispatch and the catalog are
 * generated from the list of these in src/jobs.ts. `Deps` is what its queue's worker hands it.
 */
export interface JobDefinition<Name extends string, Input, Deps> {
  readonly name: Name;
  readonly queue: QueueName;
  readonly input: z.ZodType<Input>;
  readonly options: JobsOptions;
  /** The checklist entry its run records, if any: a job that dies with it running leaves it failed. */
  readonly stage?: (input: Input) => StageDefinition;
  run(deps: Deps, input: Input, run: JobRun): Promise<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: a list holds jobs of every input; each run gets its own
export type AnyJob<Deps = any> = JobDefinition<string, any, Deps>;

export interface JobSpec<Name extends string, Schema extends z.ZodType, Deps> {
  name: Name;
  input: Schema;
  /** Default: the incident queue. */
  queue?: QueueName;
  /** Default: a stage's retries (STAGE_OPTIONS). */
  options?: JobsOptions;
  /** The checklist entry its run records, if it records one. */
  stage?: (input: z.output<Schema>) => StageDefinition;
  /**
   * The work. Enqueue in a block body: returned as an expression (`() => ctx.queues.add(…)`), the
   * enqueue's type would feed this job's own type, which the job list it sits in defines, and
   * TypeScript refuses the circle (error TS7022 on the declaration).
   */
  run: (deps: Deps, input: z.output<Schema>, run: JobRun) => Promise<unknown>;
}

/** A job that is not a stage of the incident's checklist (sweeps, timers, the HITL and remediation steps). */
export function defineJob<const Name extends string, Schema extends z.ZodType, Deps = PipelineContext>(
  spec: JobSpec<Name, Schema, Deps>,
): JobDefinition<Name, z.output<Schema>, Deps> {
  return {
    name: spec.name,
    queue: spec.queue ?? QUEUE_NAMES.incident,
    input: spec.input as z.ZodType<z.output<Schema>>,
    options: spec.options ?? STAGE_OPTIONS,
    ...(spec.stage ? { stage: spec.stage } : {}),
    run: spec.run,
  };
}

/** Job name → input, for the job list's declaration merging into `JobInputs`. */
export type InputsOf<Jobs extends readonly AnyJob[]> = {
  [Job in Jobs[number] as Job['name']]: Job extends JobDefinition<string, infer Input, unknown>
    ? Input
    : never;
};
