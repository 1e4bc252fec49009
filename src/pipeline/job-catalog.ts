import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { SpecialistKind } from '../domain/faults.js';
import { IncidentId } from '../domain/incident-id.js';
import { FixerKind } from '../domain/runbook.js';

export const QUEUE_NAMES = {
  incident: 'incident',
  ingest: 'ingest',
  outbox: 'slack-outbox',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

const incidentOnly = z.object({ incidentId: IncidentId });
const incidentRound = incidentOnly.extend({ round: z.number().int().positive() });

const dryRunRequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const slackUser = z.string().regex(/^[UW][A-Z0-9]+$/);
const slackChannel = z.string().regex(/^[CDG][A-Z0-9]+$/);

const stageOptions: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 250 },
};

/**
 * Every job Warroom runs: its queue, the schema of its data and its options. Payloads carry ids
 * only; everything else is read from Redis by the handler, so no secret or blob sits in a job.
 */
export const JOB_CATALOG = {
  intake: { queue: QUEUE_NAMES.incident, schema: incidentOnly, options: stageOptions },
  triage: {
    queue: QUEUE_NAMES.incident,
    schema: incidentOnly.extend({ reopen: z.boolean().optional() }),
    options: stageOptions,
  },
  specialist: {
    queue: QUEUE_NAMES.incident,
    schema: incidentOnly.extend({ kind: SpecialistKind }),
    options: stageOptions,
  },
  rca: { queue: QUEUE_NAMES.incident, schema: incidentOnly, options: stageOptions },
  plan: { queue: QUEUE_NAMES.incident, schema: incidentRound, options: stageOptions },
  guard: { queue: QUEUE_NAMES.incident, schema: incidentRound, options: stageOptions },
  sandbox: { queue: QUEUE_NAMES.incident, schema: incidentRound, options: stageOptions },
  decide: { queue: QUEUE_NAMES.incident, schema: incidentRound, options: stageOptions },
  /** `asked`: how many times people were asked again after a failover lost a decision (lost-decision.ts). */
  'apply-decision': {
    queue: QUEUE_NAMES.incident,
    schema: incidentRound.extend({ asked: z.number().int().positive().optional() }),
    options: stageOptions,
  },
  'hitl-reminder': { queue: QUEUE_NAMES.incident, schema: incidentRound, options: stageOptions },
  'hitl-timeout': { queue: QUEUE_NAMES.incident, schema: incidentRound, options: stageOptions },
  remediate: { queue: QUEUE_NAMES.incident, schema: incidentRound, options: stageOptions },
  fix: {
    queue: QUEUE_NAMES.incident,
    schema: incidentRound.extend({ fixer: FixerKind }),
    options: stageOptions,
  },
  verify: { queue: QUEUE_NAMES.incident, schema: incidentRound, options: stageOptions },
  'monitor-sweep': {
    queue: QUEUE_NAMES.incident,
    schema: z.object({}),
    options: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } } satisfies JobsOptions,
  },
  'retention-sweep': {
    queue: QUEUE_NAMES.incident,
    schema: z.object({}),
    options: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } } satisfies JobsOptions,
  },
  /** Copies a closed incident to PostgreSQL; retried for about a day, then again by each sweep. */
  archive: {
    queue: QUEUE_NAMES.incident,
    schema: incidentOnly,
    options: { attempts: 17, backoff: { type: 'exponential', delay: 1000 } } satisfies JobsOptions,
  },
  'chaos-tick': {
    queue: QUEUE_NAMES.incident,
    schema: z.object({ seq: z.number().int().nonnegative() }),
    options: { attempts: 3, backoff: { type: 'fixed', delay: 1000 } } satisfies JobsOptions,
  },
  ingest: {
    queue: QUEUE_NAMES.ingest,
    schema: z.object({ batchId: z.string().regex(/^[A-Za-z0-9_-]+$/) }),
    options: { attempts: 10, backoff: { type: 'exponential', delay: 200 } } satisfies JobsOptions,
  },
  /** `/runbook dry-run`: each step's dry run through its executor; checked values, never a command. */
  'runbook-dry-run': {
    queue: QUEUE_NAMES.incident,
    schema: z.object({
      requestId: dryRunRequestId,
      runbookId: z.string().min(1).max(80),
      service: z.string().min(1).max(100),
      /** The person's `param=value` overrides, checked again by the worker before anything runs. */
      overrides: z.record(z.string().max(80), z.string().max(500)),
      userId: slackUser,
      channelId: slackChannel,
    }),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 500 } } satisfies JobsOptions,
  },
  /** The private answer to a `/runbook dry-run`, from the outbox (workers never call Slack). */
  'runbook-dry-run-reply': {
    queue: QUEUE_NAMES.outbox,
    schema: z.object({ requestId: dryRunRequestId, userId: slackUser, channelId: slackChannel }),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } } satisfies JobsOptions,
  },
  'home-refresh': {
    queue: QUEUE_NAMES.outbox,
    schema: z.object({
      userId: z
        .string()
        .regex(/^[UW][A-Z0-9]+$/)
        .optional(),
    }),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } } satisfies JobsOptions,
  },
  'outbox-sync': {
    queue: QUEUE_NAMES.outbox,
    schema: incidentOnly,
    options: { attempts: 20, backoff: { type: 'exponential', delay: 500 } } satisfies JobsOptions,
  },
} as const;

export type JobName = keyof typeof JOB_CATALOG;
export type JobData<N extends JobName> = z.infer<(typeof JOB_CATALOG)[N]['schema']>;

/** Deterministic ids make re-adding a job from a retried handler a no-op. BullMQ forbids `:` in ids. */
export function stageJobId<N extends JobName>(name: N, data: JobData<N>): string {
  if ('batchId' in data) return `ingest-${data.batchId}`;
  if ('requestId' in data) return `${name}-${data.requestId}`;
  if ('seq' in data) return `chaos-${data.seq}`;
  if (!('incidentId' in data)) throw new Error(`${name} jobs have no deterministic id`);
  const parts: string[] = [data.incidentId, name];
  if ('kind' in data) parts.push(String(data.kind));
  if ('fixer' in data) parts.push(String(data.fixer));
  if ('reopen' in data && data.reopen) parts.push('reopen');
  if ('round' in data) parts.push(`r${data.round}`);
  if ('asked' in data && data.asked) parts.push(`a${data.asked}`);
  return parts.join('-');
}

export function parseJobData<N extends JobName>(name: N, data: unknown): JobData<N> {
  return JOB_CATALOG[name].schema.parse(data) as JobData<N>;
}

/** Completed and failed jobs kept for inspection, capped so Redis does not grow without bound. */
export const RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;
