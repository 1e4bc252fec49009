import type { SpecialistKind } from '../domain/faults.js';
import type { FixerKind } from '../domain/runbook.js';
import type { StagePhase, StageRun } from '../domain/stage-run.js';

export interface StageDefinition {
  key: string;
  label: string;
  rank: number;
  phase: StagePhase;
}

/** The diagnosis checklist, in order. Ranks order the thread's progress message. */
export const DIAGNOSIS_STAGES = {
  intake: { key: 'intake', label: 'Intake', rank: 0, phase: 'diagnosis' },
  triage: { key: 'triage', label: 'Triage', rank: 1, phase: 'diagnosis' },
  rca: { key: 'rca', label: 'Root-cause analysis', rank: 3, phase: 'diagnosis' },
  plan: { key: 'plan', label: 'Remediation plan', rank: 4, phase: 'diagnosis' },
} as const satisfies Record<string, StageDefinition>;

const SPECIALIST_LABELS: Record<SpecialistKind, string> = {
  web: 'Web specialist',
  storage: 'Storage specialist',
  network: 'Network specialist',
  compute: 'Compute specialist',
};

export function specialistStage(kind: SpecialistKind): StageDefinition {
  return { key: `specialist:${kind}`, label: SPECIALIST_LABELS[kind], rank: 2, phase: 'diagnosis' };
}

export function pendingRun(stage: StageDefinition): StageRun {
  return { ...stage, state: 'pending', attempt: 1 };
}

/** Stages that run again on a new plan round keep round 1's key and add `:rN` after it. */
export function roundKey(base: string, round: number): string {
  return round === 1 ? base : `${base}:r${round}`;
}

export function inRound(stage: StageDefinition, round: number): StageDefinition {
  return { ...stage, key: roundKey(stage.key, round) };
}

/** What happens between a plan and a person's decision. */
export const REVIEW_STAGES = {
  guard: { key: 'guard', label: 'Safety guard', rank: 5, phase: 'diagnosis' },
  sandbox: { key: 'sandbox', label: 'Dry run', rank: 6, phase: 'diagnosis' },
  decide: { key: 'decide', label: 'Routing', rank: 7, phase: 'diagnosis' },
} as const satisfies Record<string, StageDefinition>;

const FIXER_LABELS: Record<FixerKind, string> = {
  compute: 'Compute fixer',
  config: 'Config fixer',
  storage: 'Storage fixer',
  network: 'Network fixer',
  human: 'Human steps',
  runbook: 'Runbook steps',
};

export function fixerStage(fixer: FixerKind, round: number): StageDefinition {
  return { key: roundKey(`fix:${fixer}`, round), label: FIXER_LABELS[fixer], rank: 10, phase: 'remediation' };
}

export function verifyStage(round: number): StageDefinition {
  return { key: roundKey('verify', round), label: 'Verification', rank: 11, phase: 'remediation' };
}
