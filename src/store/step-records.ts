import type { ExecutorResult, Outcome } from '../executors/port.js';
import type { Keys } from './keys.js';
import { onReplica, type Redis } from './redis.js';
import { withScripts } from './scripts.js';

/**
 * The at-most-once record of runbook steps: a step's start is written before its executor is
 * called and its outcome right after. A start with no outcome means a worker died (or lost Redis)
 * mid-call, so the step may or may not have happened: it is never run again blindly.
 */
export type StepPhase = 'apply' | 'rollback';

export interface StepRef {
  incidentId: string;
  /** Remediation round: a new plan after "Request changes" starts a new round with fresh records. */
  round: number;
  stepId: string;
  phase?: StepPhase;
}

export interface StepStart {
  executor: string;
  /** The rendered action with the executor's secrets masked (what the thread shows). */
  renderedMasked: string;
  approvedBy: readonly string[];
  startedAt: number;
}

export interface StepOutcome {
  outcome: Outcome;
  reason?: string;
  /** `executor`: the call answered; `check`: a later read-only check settled a start with no outcome. */
  source: 'executor' | 'check';
  finishedAt: number;
  /** The executor's result (already masked and bounded): `rollback: previous` undoes from it. */
  result?: ExecutorResult;
}

export interface StepRecord {
  ref: Required<StepRef>;
  start: StepStart;
  outcome?: StepOutcome;
}

export interface StepRecords {
  /** False when a start is already recorded: the step was (or is being) run by someone else. */
  recordStart(ref: StepRef, start: StepStart): Promise<boolean>;
  /** False when there is no start, or an outcome is already recorded (the first one stands). */
  recordOutcome(ref: StepRef, outcome: StepOutcome): Promise<boolean>;
  read(ref: StepRef): Promise<StepRecord | undefined>;
  /** Every start of the incident with no outcome, oldest first. */
  unresolvedStarts(incidentId: string): Promise<StepRecord[]>;
}

// Steps ids are `[a-z0-9-]`, so `|` cannot occur inside a part.
const fieldOf = (ref: StepRef, part: 'start' | 'outcome') =>
  `${ref.round}|${ref.stepId}|${ref.phase ?? 'apply'}|${part}`;

function parseField(field: string): { ref: Omit<Required<StepRef>, 'incidentId'>; part: string } | undefined {
  const [round, stepId, phase, part] = field.split('|');
  if (round === undefined || stepId === undefined || part === undefined) return undefined;
  if (phase !== 'apply' && phase !== 'rollback') return undefined;
  return { ref: { round: Number(round), stepId, phase }, part };
}

export function createStepRecords(redis: Redis, keys: Keys): StepRecords {
  const fullRef = (ref: StepRef): Required<StepRef> => ({ ...ref, phase: ref.phase ?? 'apply' });
  return {
    async recordStart(ref, start) {
      const set = await redis.hsetnx(
        keys.stepRecords(ref.incidentId),
        fieldOf(ref, 'start'),
        JSON.stringify(start),
      );
      // At most once holds across a failover only if the start survives it.
      if (set === 1) await onReplica(redis, keys.stepRecords(ref.incidentId));
      return set === 1;
    },
    async recordOutcome(ref, outcome) {
      // Sets the outcome only when the start exists and no outcome does.
      const set = await withScripts(redis).warroomRecordOutcome(
        keys.stepRecords(ref.incidentId),
        fieldOf(ref, 'start'),
        fieldOf(ref, 'outcome'),
        JSON.stringify(outcome),
      );
      if (set === 1) await onReplica(redis, keys.stepRecords(ref.incidentId));
      return set === 1;
    },
    async read(ref) {
      const [start, outcome] = await redis.hmget(
        keys.stepRecords(ref.incidentId),
        fieldOf(ref, 'start'),
        fieldOf(ref, 'outcome'),
      );
      if (start === null || start === undefined) return undefined;
      return {
        ref: fullRef(ref),
        start: JSON.parse(start) as StepStart,
        ...(outcome ? { outcome: JSON.parse(outcome) as StepOutcome } : {}),
      };
    },
    async unresolvedStarts(incidentId) {
      const fields = await redis.hgetall(keys.stepRecords(incidentId));
      const unresolved: StepRecord[] = [];
      for (const [field, value] of Object.entries(fields)) {
        const parsed = parseField(field);
        if (parsed?.part !== 'start') continue;
        const ref = { incidentId, ...parsed.ref };
        if (Object.hasOwn(fields, fieldOf(ref, 'outcome'))) continue;
        unresolved.push({ ref, start: JSON.parse(value) as StepStart });
      }
      return unresolved.sort((left, right) => left.start.startedAt - right.start.startedAt);
    },
  };
}
