import {
  emptyStats,
  type HumanDecision,
  LearningStats,
  type RemediationOutcome,
  recordDecision,
  recordOutcome,
  SPECIALIST_THRESHOLD,
  specialistThresholdStep,
} from '../agents/learning.js';
import { DEFAULT_THRESHOLD, type SpecialistKind } from '../domain/faults.js';
import type { ActionKind } from '../domain/runbook.js';
import {
  type CauseSummary,
  type CauseVerdictInput,
  type CauseVerdictRecord,
  createCauseVerdicts,
} from './cause-verdicts.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

/** What the crew learned from people: kept in Redis, so it survives restarts and is shared. */
export interface LearningStore {
  stats(signature: string, kind: ActionKind): Promise<LearningStats>;
  all(): Promise<LearningStats[]>;
  recordDecision(signature: string, kinds: readonly ActionKind[], decision: HumanDecision): Promise<void>;
  recordOutcome(signature: string, kinds: readonly ActionKind[], outcome: RemediationOutcome): Promise<void>;
  thresholds(): Promise<Partial<Record<SpecialistKind, number>>>;
  recordSpecialistUsefulness(usefulness: Partial<Record<SpecialistKind, boolean>>): Promise<void>;
  /**
   * `user`'s verdict on an incident's root cause, replacing any earlier one of theirs: with a
   * `signature` it counts (in `rightCauses` / `wrongCauses`), the replaced one stops counting.
   */
  recordCauseVerdict(
    incidentId: string,
    user: string,
    verdict: CauseVerdictInput,
  ): Promise<{ previous?: CauseVerdictRecord }>;
  /** Approvers' verdicts on root causes per signature: right and wrong counts, and the last one. */
  causeSummaries(): Promise<Map<string, CauseSummary>>;
}

export type { CauseSummary, CauseVerdictRecord };

/**
 * Each counter is a hash field bumped with HINCRBY: concurrent decisions on any process never
 * lose a count, and the pure maths in agents/learning.ts reads them back as LearningStats.
 */
export function createLearningStore(redis: Redis, keys: Keys): LearningStore {
  const field = (signature: string, kind: ActionKind) => `${signature}|${kind}`;
  const causes = createCauseVerdicts(redis, keys);

  async function bumpFrom(
    signature: string,
    kinds: readonly ActionKind[],
    change: (s: LearningStats) => LearningStats,
  ) {
    const tx = redis.multi();
    for (const kind of new Set(kinds)) {
      const before = emptyStats(signature, kind);
      const after = change(before);
      for (const [tally, value] of Object.entries(after)) {
        const delta =
          typeof value === 'number' ? value - (before[tally as keyof LearningStats] as number) : 0;
        if (delta !== 0) tx.hincrby(keys.learning, `${field(signature, kind)}|${tally}`, delta);
      }
    }
    await tx.exec();
  }

  function parseAll(raw: Record<string, string>): LearningStats[] {
    const byField = new Map<string, LearningStats>();
    for (const [name, value] of Object.entries(raw)) {
      const [signature, kind, tally] = name.split('|');
      if (!signature || !kind || !tally) continue;
      const key = `${signature}|${kind}`;
      const stats = byField.get(key) ?? emptyStats(signature, kind as ActionKind);
      byField.set(key, { ...stats, [tally]: Number(value) });
    }
    return [...byField.values()].map((stats) => LearningStats.parse(stats));
  }

  async function thresholds(): Promise<Partial<Record<SpecialistKind, number>>> {
    const raw = await redis.hgetall(keys.specialistThresholds);
    return Object.fromEntries(Object.entries(raw).map(([kind, value]) => [kind, Number(value)]));
  }

  return {
    async stats(signature, kind) {
      const [all, counts] = await Promise.all([
        redis.hgetall(keys.learning).then(parseAll),
        causes.counts(signature),
      ]);
      const stats =
        all.find((found) => found.signature === signature && found.kind === kind) ??
        emptyStats(signature, kind);
      return { ...stats, ...counts };
    },
    async all() {
      const [all, counts] = await Promise.all([redis.hgetall(keys.learning).then(parseAll), causes.all()]);
      return all.map((stats) => ({ ...stats, ...counts.get(stats.signature) }));
    },
    recordDecision(signature, kinds, decision) {
      return bumpFrom(signature, kinds, (stats) => recordDecision(stats, decision));
    },
    recordOutcome(signature, kinds, outcome) {
      return bumpFrom(signature, kinds, (stats) => recordOutcome(stats, outcome));
    },
    thresholds,
    recordCauseVerdict: (incidentId, user, verdict) => causes.record(incidentId, user, verdict),
    causeSummaries: () => causes.summaries(),
    async recordSpecialistUsefulness(usefulness) {
      const steps = Object.entries(usefulness).flatMap(([kind, useful]) => [
        kind,
        String(specialistThresholdStep(useful)),
      ]);
      if (steps.length === 0) return;
      const { min, max } = SPECIALIST_THRESHOLD;
      // Each specialist's threshold moves by its step within [min, max], in one step: no verdict is lost.
      await withScripts(redis).warroomStepThresholds(
        keys.specialistThresholds,
        String(DEFAULT_THRESHOLD),
        String(min),
        String(max),
        ...steps,
      );
    },
  };
}
