import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { IncidentId } from '../domain/incident-id.js';

export const QUEUE_NAMES = {
  incident: 'incident',
  ingest: 'ingest',
  outbox: 'slack-outbox',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** The inputs most incident jobs take: payloads carry ids only, never a secret or a blob. */
export const IncidentInput = z.object({ incidentId: IncidentId });
export const RoundInput = IncidentInput.extend({ round: z.number().int().positive() });

export const DryRunRequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const SlackUserId = z.string().regex(/^[UW][A-Z0-9]+$/);
export const SlackChannelId = z.string().regex(/^[CDG][A-Z0-9]+$/);

/** A stage's retries: a blip of Redis or of the reasoner is worth a few quick attempts. */
export const STAGE_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 250 },
};

/** Sweeps run again on their schedule: one attempt, and the finished ones are not kept. */
export const SWEEP_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: { count: 100 },
};

/**
 * Job name → the data it takes. Empty here: src/jobs.ts fills it from the jobs' declarations (module
 * augmentation), so a name no job declares is a compile error wherever it is enqueued, without this
 * file importing the handlers that enqueue.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in src/jobs.ts
export interface JobInputs {}
export type JobName = keyof JobInputs & string;
export type JobData<N extends JobName> = JobInputs[N];

/** What the queues need to know of a job to enqueue it: generated from the declarations (src/jobs.ts). */
export interface CatalogEntry {
  queue: QueueName;
  input: z.ZodType;
  options: JobsOptions;
}
export type JobCatalog = ReadonlyMap<string, CatalogEntry>;

/** Deterministic ids make re-adding a job from a retried handler a no-op. BullMQ forbids `:` in ids. */
export function stageJobId<N extends JobName>(name: N, data: JobData<N>): string {
  return jobIdOf(name, data as Record<string, unknown>);
}

function jobIdOf(name: string, data: Record<string, unknown>): string {
  if ('batchId' in data) return `ingest-${data.batchId}`;
  // A change's jobs: one per phase and resume pass, so a redelivery is the same job.
  if ('changeId' in data)
    return 'phase' in data
      ? `${name}-${data.changeId}-p${data.phase}-${data.pass}`
      : `${name}-${data.changeId}`;
  if ('requestId' in data && data.requestId !== undefined) return `${name}-${data.requestId}`;
  if ('runId' in data) return `${name}-${data.taskId}-${data.runId}`;
  if ('day' in data) return `${name}-${data.day}`;
  if ('seq' in data) return `chaos-${data.seq}`;
  if (!('incidentId' in data)) throw new Error(`${name} jobs have no deterministic id`);
  const parts: string[] = [String(data.incidentId), name];
  if ('kind' in data) parts.push(String(data.kind));
  if ('fixer' in data) parts.push(String(data.fixer));
  if ('reopen' in data && data.reopen) parts.push('reopen');
  if ('round' in data) parts.push(`r${data.round}`);
  // A job queued once per occasion (each close of an incident): the occasion's time tells them apart.
  if ('at' in data) parts.push(String(data.at));
  if ('asked' in data && data.asked) parts.push(`a${data.asked}`);
  return parts.join('-');
}

/** Completed and failed jobs kept for inspection, capped so Redis does not grow without bound. */
export const RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

/** The catalog of a list of job declarations; two jobs of one name are a mistake caught at start. */
export function catalogOf(jobs: ReadonlyArray<CatalogEntry & { name: string }>): JobCatalog {
  const catalog = new Map<string, CatalogEntry>();
  for (const { name, queue, input, options } of jobs) {
    if (catalog.has(name)) throw new Error(`Two jobs are declared as ${name}`);
    catalog.set(name, { queue, input, options });
  }
  return catalog;
}
