import { z } from 'zod';

/** The timeline type of one runbook step's outcome (apply or rollback). */
export const RUNBOOK_STEP_ENTRY = 'runbook.step';

/** What happened to one runbook step, as the timeline, the thread and the postmortem show it. */
export const RunbookStepEntry = z.object({
  round: z.number().int().positive(),
  runbookId: z.string(),
  stepId: z.string(),
  phase: z.enum(['apply', 'rollback']),
  executor: z.string(),
  /** The rendered action, secrets masked by its executor. */
  action: z.string(),
  /** `unknown`: it may have taken effect; people must look (it is never run again). */
  outcome: z.enum(['ok', 'failed', 'unknown', 'skipped']),
  /** Exit or HTTP status. */
  status: z.number().optional(),
  durationMs: z.number().optional(),
  excerpt: z.string().optional(),
  approvedBy: z.array(z.string()),
  /** `check`: a start found with no outcome was settled by the executor's read-only check. */
  settledBy: z.enum(['executor', 'check', 'runner']),
});
export type RunbookStepEntry = z.infer<typeof RunbookStepEntry>;

/** One line for the thread and the postmortem. */
export function runbookStepLine(entry: RunbookStepEntry): string {
  const what = entry.phase === 'rollback' ? `rollback of ${entry.stepId}` : `step ${entry.stepId}`;
  const status = entry.status === undefined ? '' : `, status ${entry.status}`;
  const took = entry.durationMs === undefined ? '' : `, ${entry.durationMs} ms`;
  const by = entry.approvedBy.length > 0 ? `; approved by ${entry.approvedBy.join(', ')}` : '';
  const checked = entry.settledBy === 'check' ? ' (settled by a read-only check, not run again)' : '';
  const excerpt = entry.excerpt ? `: ${entry.excerpt}` : '';
  return `${what} via ${entry.executor} (${entry.action}): ${entry.outcome}${checked}${status}${took}${by}${excerpt}`;
}
