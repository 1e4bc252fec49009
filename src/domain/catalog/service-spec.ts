import { z } from 'zod';
import { parseFreezeWindow } from '../rollout/freeze-windows.js';
import { METRIC_NAMES, type MetricName } from '../telemetry.js';
import { EntityName } from './entity-name.js';
import { ExecutorSpec } from './executors.js';
import { HealthSpec } from './health-rules.js';
import {
  PLACEHOLDER_LIST,
  PROMETHEUS_DURATION,
  selectorMatchers,
  unknownPlaceholders,
} from './promql-templates.js';

/** Unquoted `{job="x"}` is a YAML map, not a string. */
const QUOTE_BRACES = `must be a quoted string such as '{job="payments"}' (unquoted braces make a YAML map)`;

export const TIERS = [1, 2, 3] as const;
export const Tier = z.literal(TIERS, { error: 'must be 1, 2 or 3 (1 is the most critical)' });
export type Tier = z.infer<typeof Tier>;

/** A Slack user (`U…`, `W…`) or user group (`S…`) to mention. */
export const SlackMention = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user id (U…, W…) or user-group id (S…)');

export const Owner = z.strictObject({
  team: z.string().trim().min(1, 'required: the owning team'),
  slack: SlackMention.optional(),
});
export type Owner = z.infer<typeof Owner>;

const PromqlTemplate = z
  .string()
  .trim()
  .min(1)
  .superRefine((template, context) => {
    for (const name of unknownPlaceholders(template)) {
      context.addIssue({ code: 'custom', message: `unknown placeholder {${name}}: use ${PLACEHOLDER_LIST}` });
    }
  });

/** How a service's series are found: per signal a PromQL template, `null` to drop the signal. */
export const TelemetrySpec = z.strictObject({
  selector: z
    .string({ error: QUOTE_BRACES })
    .refine((selector) => selectorMatchers(selector) !== undefined, {
      message: 'must be label matchers such as {job="payments"}',
    })
    .optional(),
  rateWindow: z
    .string()
    .regex(PROMETHEUS_DURATION, 'must be a Prometheus duration such as 5m or 1h30m')
    .optional(),
  ...(Object.fromEntries(
    METRIC_NAMES.map((metric) => [metric, PromqlTemplate.nullable().optional()]),
  ) as Record<MetricName, z.ZodOptional<z.ZodNullable<typeof PromqlTemplate>>>),
});
export type TelemetrySpec = z.infer<typeof TelemetrySpec>;

/** One service as a Warroom file writes it; `tier` may come from a Backstage entity of the same name. */
export const ServiceSpec = z.strictObject({
  name: EntityName,
  aliases: z.array(z.string().trim().min(1)).optional(),
  description: z.string().optional(),
  owner: Owner.optional(),
  tier: Tier.optional(),
  dependsOn: z.array(z.string().trim().min(1)).optional(),
  instances: z.number().int().min(1).optional(),
  /** Freeze windows (ISO 8601 `start/end`) during which no rollout of this service starts. */
  freeze: z
    .array(
      z.string().superRefine((text, context) => {
        const parsed = parseFreezeWindow(text);
        if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.problem });
      }),
    )
    .optional(),
  runbookUrl: z.url().optional(),
  approvers: z.array(SlackMention).optional(),
  /** The executor actions on this service go to unless a runbook step names another. */
  executor: z.string().optional(),
  telemetry: TelemetrySpec.optional(),
  /** LogQL stream selector, such as `{app="payments"}`. */
  logs: z
    .string({ error: QUOTE_BRACES })
    .trim()
    .startsWith('{', 'must be a LogQL stream selector such as {app="payments"}')
    .optional(),
  health: HealthSpec.optional(),
});
export type ServiceSpec = z.infer<typeof ServiceSpec>;

export const WarroomFile = z.strictObject({
  services: z.array(ServiceSpec).optional(),
  executors: z.array(ExecutorSpec).optional(),
});
export type WarroomFile = z.infer<typeof WarroomFile>;
