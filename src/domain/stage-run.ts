import { z } from 'zod';

export const StageState = z.enum(['pending', 'running', 'done', 'failed', 'skipped']);
export type StageState = z.infer<typeof StageState>;

export const StagePhase = z.enum(['diagnosis', 'remediation']);
export type StagePhase = z.infer<typeof StagePhase>;

/**
 * One stage's run as the thread shows it. Keys: `intake`, `triage`, `specialist:web`, `rca`, `plan`,
 * later `guard`, `sandbox`, `fix:a1`, `verify`… Specialists (key prefix `specialist:`) and fixers
 * (`fix:`) run in parallel and are shown side by side.
 */
export const StageRun = z.object({
  key: z.string(),
  label: z.string(),
  phase: StagePhase,
  /** Sort key: stages of one rank run in parallel. */
  rank: z.number().int(),
  state: StageState,
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  /** One line of what the stage concluded. */
  summary: z.string().optional(),
  engine: z.enum(['rules', 'model']).optional(),
  fallbackReason: z.string().optional(),
  /** Model tokens this stage spent (prompt + output), when a model was asked. */
  tokens: z.number().int().nonnegative().optional(),
  /** Time the reasoner took, model or rules. */
  latencyMs: z.number().nonnegative().optional(),
  attempt: z.number().int().positive().default(1),
  error: z.string().optional(),
});
export type StageRun = z.infer<typeof StageRun>;

export function isParallelStage(key: string): boolean {
  return key.startsWith('specialist:') || key.startsWith('fix:');
}
