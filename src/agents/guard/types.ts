import { z } from 'zod';
import type { PlannedAction } from '../../domain/ticket.js';
import type { NormalizedCommand } from './normalize.js';

export const GuardVerdict = z.enum(['block', 'warn']);
export type GuardVerdict = z.infer<typeof GuardVerdict>;

export const GuardCategory = z.enum([
  'destructive',
  'data_loss',
  'security',
  'credentials',
  'rollback',
  'blast_radius',
]);
export type GuardCategory = z.infer<typeof GuardCategory>;

export const GuardFinding = z.object({
  ruleId: z.string().regex(/^G\d{3}$/),
  verdict: GuardVerdict,
  category: GuardCategory,
  reason: z.string(),
  actionId: z.string().optional(),
  /** 1-based line of a human's override text. */
  line: z.number().int().positive().optional(),
  /** What triggered the rule, with credentials masked. */
  excerpt: z.string(),
});
export type GuardFinding = z.infer<typeof GuardFinding>;

export const GuardReport = z.object({
  verdict: z.enum(['allow', 'warn', 'block']),
  findings: z.array(GuardFinding),
});
export type GuardReport = z.infer<typeof GuardReport>;

interface RuleHeader {
  id: string;
  verdict: GuardVerdict;
  category: GuardCategory;
  /** Shown to people next to the step it stopped. */
  reason: string;
}

/** A rule over the text of a step: its commands, pipelines and decoded payloads. */
export interface GuardRule extends RuleHeader {
  test: (normalized: NormalizedCommand) => boolean;
}

/** A rule over a planned action as a whole (its rollback, risk and blast radius). */
export interface ActionRule extends RuleHeader {
  test: (action: PlannedAction) => boolean;
  excerpt: (action: PlannedAction) => string;
}
