import type { SpecialistKind } from '../domain/faults.js';
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
