import { z } from 'zod';
import { PhasePercents, RolloutVersion } from './rollout-request.js';

/** `CHG-0003`: a change opened by a rollout, numbered by its own counter. */
export const ChangeId = z.string().regex(/^CHG-\d{4,}$/, 'change ids look like CHG-0003');
export type ChangeId = z.infer<typeof ChangeId>;

export function formatChangeId(sequence: number): ChangeId {
  return `CHG-${String(sequence).padStart(4, '0')}`;
}

/** The counter behind an id: CHG-0003 → 3 (ids outgrow their padding past 9999, so never compare them as text). */
export function changeSequence(id: ChangeId): number {
  return Number(id.slice('CHG-'.length));
}

/** Accepts `CHG-0003`, `chg-3` or `3` as a person types it. */
export function parseChangeId(input: string): ChangeId | undefined {
  const match = /^(?:chg-?)?(\d{1,9})$/i.exec(input.trim());
  return match?.[1] ? formatChangeId(Number(match[1])) : undefined;
}

export const ROLLOUT_STATUSES = [
  'preflight',
  'blocked',
  'awaiting-approval',
  'rejected',
  'rolling-out',
  'halted',
  'rolling-back',
  'rolled-back',
  'completed',
  'failed',
] as const;
export const RolloutStatus = z.enum(ROLLOUT_STATUSES);
export type RolloutStatus = z.infer<typeof RolloutStatus>;

const FINISHED: ReadonlySet<RolloutStatus> = new Set([
  'blocked',
  'rejected',
  'rolled-back',
  'completed',
  'failed',
]);
export const isRolloutFinished = (status: RolloutStatus): boolean => FINISHED.has(status);

/**
 * The other changes of the same service that keep `rollout` from starting: those under way, and those
 * still in pre-flight that were opened before it (two in pre-flight at once: the first goes on).
 */
export function changesInTheWay(rollout: Rollout, recent: readonly Rollout[]): Rollout[] {
  return recent.filter(
    (other) =>
      other.id !== rollout.id &&
      other.service === rollout.service &&
      !isRolloutFinished(other.status) &&
      (other.status !== 'preflight' || changeSequence(other.id) < changeSequence(rollout.id)),
  );
}

/** A health gate: after the bake, a PromQL query's value must stay at or under `max`, or the service's health rules must hold. */
export const GateSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('health') }),
  z.strictObject({
    kind: z.literal('promql'),
    /** How the gate is named in the thread (`5xx`, `p99`). */
    name: z.string().min(1).max(40),
    query: z.string().min(1).max(2000),
    max: z.number(),
    unit: z.string().max(10).default(''),
  }),
]);
export type GateSpec = z.output<typeof GateSpec>;

/** One phase: how many instances run the new version once it is done, and which ones it switches. */
export const RolloutPhase = z.object({
  percent: z.number().int().min(1).max(100),
  /** Instances running the new version once this phase is done. */
  size: z.number().int().min(1),
  /** The instance numbers (1-based) this phase switches. */
  instances: z.array(z.number().int().min(1)),
});
export type RolloutPhase = z.infer<typeof RolloutPhase>;

export const RolloutPlan = z.object({
  runbookId: z.string(),
  executor: z.string(),
  /** `instance`: phases count instances, each switched on its own; `percent`: one call per phase. */
  unit: z.enum(['instance', 'percent', 'step']).default('instance'),
  instances: z.number().int().min(1),
  phases: z.array(RolloutPhase).min(1),
  gates: z.array(GateSpec).min(1),
  /** Each step of the runbook as the approval shows it (the first instance's rendering). */
  steps: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      executor: z.string(),
      action: z.string(),
      risk: z.enum(['low', 'medium', 'high']),
    }),
  ),
});
export type RolloutPlan = z.infer<typeof RolloutPlan>;

/** Each step's dry run for the first instance, as the approval shows it. */
export const RolloutDryRun = z.object({
  helps: z.boolean(),
  summary: z.string().max(1000),
  steps: z.array(
    z.object({
      stepId: z.string(),
      executor: z.string(),
      outcome: z.enum(['ok', 'failed', 'unknown']),
      action: z.string().max(500),
      status: z.number().optional(),
      durationMs: z.number(),
      excerpt: z.string().max(300),
    }),
  ),
});
export type RolloutDryRun = z.infer<typeof RolloutDryRun>;

export const RolloutLogLine = z.object({ at: z.string(), text: z.string().max(1000) });

export const Rollout = z.object({
  id: ChangeId,
  service: z.string(),
  version: RolloutVersion,
  previousVersion: RolloutVersion.optional(),
  phasesPct: PhasePercents,
  bakeSeconds: z.number().int().min(1),
  /** A Slack user id, or `api` for `POST /api/changes`. */
  requestedBy: z.string(),
  source: z.enum(['slack', 'api']),
  /** Where `/change rollout` was typed, for its private answers. */
  channel: z.string().optional(),
  createdAt: z.string(),
  status: RolloutStatus,
  /** Why it is blocked, halted, rolled back or failed: said on its card. */
  reason: z.string().max(2000).optional(),
  plan: RolloutPlan.optional(),
  dryRun: RolloutDryRun.optional(),
  /** Index of the phase acting or baking (-1 before the first). */
  phase: z.number().int().min(-1).default(-1),
  /** Bumped by each resume: a resumed gate is a new job, a redelivered one is not. */
  pass: z.number().int().min(0).default(0),
  /** Instances switched to the new version so far. */
  switched: z.array(z.number().int().min(1)).default([]),
  decidedBy: z.string().optional(),
  /** The thread's record of each phase, gate and rollback, oldest first. */
  log: z.array(RolloutLogLine).max(200).default([]),
  startedAt: z.string().optional(),
  /** When its first phase first switched something to the new version: the change as an incident names it. */
  liveAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type Rollout = z.output<typeof Rollout>;

/**
 * Phases as instance counts: each percentage of `instances` rounded (at least one), repeats
 * dropped, so 1,25,50,100 of 3 instances is 1, 2, 3. Each phase switches the instances after the
 * previous phase's.
 */
export function phasesFor(percents: readonly number[], instances: number): RolloutPhase[] {
  const phases: RolloutPhase[] = [];
  let done = 0;
  for (const percent of percents) {
    const size = Math.min(instances, Math.max(1, Math.round((percent * instances) / 100)));
    if (size <= done) continue;
    phases.push({
      percent,
      size,
      instances: Array.from({ length: size - done }, (_, index) => done + index + 1),
    });
    done = size;
  }
  return phases;
}

/**
 * One phase per step of the runbook (canary, then the rest), labelled with the asked percentages
 * when there are as many, else evenly.
 */
export function stepPhases(percents: readonly number[], steps: number): RolloutPhase[] {
  return Array.from({ length: steps }, (_, index) => {
    const percent =
      percents.length === steps ? (percents[index] ?? 100) : Math.round((100 * (index + 1)) / steps);
    return { percent, size: percent, instances: [] };
  });
}

/** Phases as percentages, each one step of the rollout runbook (a deploy hook's `percent`). */
export function percentPhases(percents: readonly number[]): RolloutPhase[] {
  return percents.map((percent) => ({ percent, size: percent, instances: [] }));
}

/** What one run of the rollout runbook switches: an instance, or a phase's share. */
export type RolloutUnit = { instance: number } | { percent: number } | { step: string };

/**
 * The units a phase switches, each with the key `switched` records it by (the instance number,
 * or the phase's number for a percentage).
 */
export function phaseUnits(plan: RolloutPlan, phase: number): Array<{ key: number; unit: RolloutUnit }> {
  const entry = plan.phases[phase];
  if (entry === undefined) return [];
  if (plan.unit === 'percent') return [{ key: phase + 1, unit: { percent: entry.percent } }];
  if (plan.unit === 'step') {
    const step = plan.steps[phase];
    return step ? [{ key: phase + 1, unit: { step: step.id } }] : [];
  }
  return entry.instances.map((instance) => ({ key: instance, unit: { instance } }));
}

/** What a rollback switches back, newest first: each instance, or the whole service at once. */
export function rollbackUnits(
  plan: RolloutPlan | undefined,
  switched: readonly number[],
): Array<{ key: number; unit: RolloutUnit }> {
  if (switched.length === 0) return [];
  if (plan?.unit === 'percent') return [{ key: 0, unit: { percent: 100 } }];
  if (plan?.unit === 'step')
    return [...switched].reverse().flatMap((key) => {
      const step = plan.steps[key - 1];
      return step ? [{ key, unit: { step: step.id } }] : [];
    });
  return [...switched].reverse().map((instance) => ({ key: instance, unit: { instance } }));
}

/** `instance 2` or `50 %`, as the thread says it. */
export function unitName(unit: RolloutUnit): string {
  if ('instance' in unit) return `instance ${unit.instance}`;
  return 'step' in unit ? `step ${unit.step}` : `${unit.percent} %`;
}

/** The line a log entry or card shows for a status. */
export const ROLLOUT_STATUS_ICON: Readonly<Record<RolloutStatus, string>> = {
  preflight: '🔎',
  blocked: '🚫',
  'awaiting-approval': '✋',
  rejected: '⛔',
  'rolling-out': '🚀',
  halted: '⏸️',
  'rolling-back': '↩️',
  'rolled-back': '↩️',
  completed: '✅',
  failed: '❌',
};
