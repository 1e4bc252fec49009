import { z } from 'zod';
import { METRIC_NAMES } from '../telemetry.js';

/** The canonical signals plus Prometheus's `up` (1 while a target answers its scrape). */
export const HEALTH_SIGNALS = ['up', ...METRIC_NAMES] as const;
export const HealthSignal = z.enum(HEALTH_SIGNALS);
export type HealthSignal = z.infer<typeof HealthSignal>;

/**
 * When one signal makes a service degraded or down. Thresholds are inclusive: with
 * `worseWhen: higher` a reading at or above `down` is down; with `lower`, at or below.
 */
export const HealthRule = z
  .strictObject({
    degraded: z.number().optional(),
    down: z.number().optional(),
    worseWhen: z.enum(['higher', 'lower']).default('higher'),
  })
  .superRefine((rule, context) => {
    if (rule.degraded === undefined && rule.down === undefined) {
      context.addIssue({ code: 'custom', message: 'give a degraded threshold, a down threshold or both' });
    } else if (rule.degraded !== undefined && rule.down !== undefined) {
      const ordered = rule.worseWhen === 'higher' ? rule.degraded < rule.down : rule.degraded > rule.down;
      if (!ordered) {
        context.addIssue({
          code: 'custom',
          message:
            rule.worseWhen === 'higher'
              ? 'degraded must be below down (higher readings are worse)'
              : 'degraded must be above down (worseWhen: lower)',
        });
      }
    }
  });
export type HealthRule = z.infer<typeof HealthRule>;

/** Per signal; `null` drops a default rule. */
export const HealthSpec = z.strictObject(
  Object.fromEntries(HEALTH_SIGNALS.map((signal) => [signal, HealthRule.nullable().optional()])) as Record<
    HealthSignal,
    z.ZodOptional<z.ZodNullable<typeof HealthRule>>
  >,
);
export type HealthSpec = z.infer<typeof HealthSpec>;

export type ServiceHealthRules = ReadonlyMap<HealthSignal, HealthRule>;

/** Every service gets these unless it says otherwise: no target answering is down; 5xx ≥ 5 % degraded, ≥ 50 % down. */
export const DEFAULT_HEALTH_RULES: ServiceHealthRules = new Map<HealthSignal, HealthRule>([
  ['up', { down: 0, worseWhen: 'lower' }],
  ['error_rate_pct', { degraded: 5, down: 50, worseWhen: 'higher' }],
]);

/** The defaults overlaid with a service's own rules (`null` removes one). */
export function healthRulesOf(spec: HealthSpec | undefined): Map<HealthSignal, HealthRule> {
  const rules = new Map(DEFAULT_HEALTH_RULES);
  for (const signal of HEALTH_SIGNALS) {
    const rule = spec?.[signal];
    if (rule === null) rules.delete(signal);
    else if (rule !== undefined) rules.set(signal, rule);
  }
  return rules;
}
