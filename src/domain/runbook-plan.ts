import { z } from 'zod';
import { Risk } from './runbook.js';

/** One runbook step as the plan shows it: never the command itself, only its masked rendering. */
export const RunbookPlanStep = z.object({
  stepId: z.string().min(1).max(80),
  title: z.string().max(200),
  executor: z.string().min(1).max(100),
  /** The rendered action, one line, with the executor's secrets masked. */
  action: z.string().max(500),
  risk: Risk,
  approval: z.enum(['plan', 'per-step']),
});
export type RunbookPlanStep = z.infer<typeof RunbookPlanStep>;

/**
 * A plan taken from one of the team's runbooks: its id and the checked param values, from which
 * every stage renders the same steps again (job data and Redis carry ids and values, not commands).
 */
export const RunbookPlan = z.object({
  runbookId: z.string().min(1).max(80),
  title: z.string().max(200),
  /** The service its steps target (canonical catalog name). */
  service: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** May run without a click under AUTO_REMEDIATE: `auto: true`, every step low risk, none per-step. */
  autoEligible: z.boolean(),
  steps: z.array(RunbookPlanStep).min(1).max(20),
});
export type RunbookPlan = z.infer<typeof RunbookPlan>;
