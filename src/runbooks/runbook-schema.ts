import { z } from 'zod';
import { FaultKind } from '../domain/faults.js';
import { GateSpec } from '../domain/rollout/rollout.js';
import { actionTemplateSchema } from '../executors/actions.js';
import { scheduleSchema } from './task-schedule.js';

/**
 * A runbook as written. Step actions use the
 * executors' own action templates; params are checked with the executors' param specs (see
 * parse-runbooks.ts, which also checks every name against the catalog).
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');

/**
 * Incident facts a param can be filled from; each is checked against the catalog too.
 * `previousVersion`: the version before a recorded change on the service shortly before the
 * incident (a runbook with such a param is proposed first when there is one: it rolls it back).
 */
export const PARAM_SOURCES = ['service', 'instance', 'fault', 'previousVersion'] as const;
export type ParamSource = (typeof PARAM_SOURCES)[number];

/** A param as written: the executors' param spec plus where an incident supplies its value. */
const paramEntry = z.looseObject({ from: z.enum(PARAM_SOURCES).optional() });

const verifySchema = z.union([
  z.strictObject({
    health: z.literal('healthy'),
    settleSeconds: z.number().int().min(0).max(3600).default(30),
  }),
  z.strictObject({
    /** PromQL that must return a non-empty result (the condition holds) after the settle time. */
    promql: z.string().min(1),
    settleSeconds: z.number().int().min(0).max(3600).default(30),
  }),
]);

export const stepSchema = z.strictObject({
  id,
  title: z.string().min(1).max(150),
  executor: z.string().min(1),
  action: actionTemplateSchema,
  risk: z.enum(['low', 'medium', 'high']),
  approval: z.enum(['per-step', 'plan']).default('plan'),
  timeoutSeconds: z.number().int().min(1).max(3600).default(300),
  verify: verifySchema.optional(),
  /** `previous`: the executor undoes from its record of the step; an action: run it instead. */
  rollback: z.union([z.literal('previous'), actionTemplateSchema]).optional(),
});

const matchesSchema = z
  .strictObject({
    /** Catalog service names or aliases. */
    services: z.array(z.string().min(1)).optional(),
    faults: z.array(FaultKind).optional(),
    /** Alert names (`alertname`) as the monitoring sends them. */
    alerts: z.array(z.string().min(1)).optional(),
  })
  .refine((matches) => Object.values(matches).some((list) => list !== undefined && list.length > 0), {
    message: 'name at least one service, fault or alert',
  });

const rolloutSchema = z.strictObject({
  service: z.string().min(1),
  /**
   * `instance` (default): the steps run once per instance, phases count instances (`instance` and
   * `version` params). `percent`: the steps run once per phase with its `percent` (an HTTP deploy
   * hook), the rollback once at 100 % with the previous version. `step`: phase N runs step N alone
   * (a Kubernetes image update on the canary, then on the rest), the rollback runs the steps done
   * again with the previous version, newest first.
   */
  unit: z.enum(['instance', 'percent', 'step']).default('instance'),
  /** Default: the service's health rules on real telemetry. */
  gates: z
    .array(GateSpec)
    .min(1)
    .default([{ kind: 'health' }]),
});

export const runbookSchema = z
  .strictObject({
    id,
    title: z.string().min(1).max(150),
    description: z.string().optional(),
    /** Absent only on a routine task (`schedule`): such a runbook matches no incident. */
    matches: matchesSchema.optional(),
    params: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), paramEntry).default({}),
    auto: z.boolean().default(false),
    steps: z.array(stepSchema).min(1),
    /** A routine task: the runbook also runs on this cron, on its own (see task-schedule.ts). */
    schedule: scheduleSchema.optional(),
    /**
     * A rollout runbook: `/change rollout` runs its steps once per instance of `service`, its
     * `instance` and `version` params filled by the rollout, each phase held to `gates`.
     */
    rollout: rolloutSchema.optional(),
  })
  .refine((spec) => spec.matches !== undefined || spec.schedule !== undefined || spec.rollout !== undefined, {
    path: ['matches'],
    message:
      'name at least one service, fault or alert (only a runbook with a schedule or a rollout may leave matches out)',
  });

/** A file with several runbooks; a file without `runbooks:` is one runbook. */
export const runbookListSchema = z.strictObject({ runbooks: z.array(runbookSchema).min(1) });

export type RunbookSpec = z.output<typeof runbookSchema>;
export type StepSpec = z.output<typeof stepSchema>;
