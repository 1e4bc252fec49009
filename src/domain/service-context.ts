import { z } from 'zod';

/** What the estate knows about the incident's service: who owns it, what it calls, who calls it. */
export const ServiceContext = z.object({
  name: z.string(),
  known: z.boolean(),
  owner: z.string().nullable(),
  tier: z.number().int().min(1).max(3).nullable(),
  dependsOn: z.array(z.string()),
  dependents: z.array(z.string()),
  instances: z.number().int().positive(),
  /** Slack user or group to mention (`U…`/`S…`), from the catalog's owner. */
  ownerSlack: z.string().optional(),
  /** Where the team's runbook for this service lives. */
  runbookUrl: z.string().optional(),
});
export type ServiceContext = z.infer<typeof ServiceContext>;

export function unknownServiceContext(name: string): ServiceContext {
  return { name, known: false, owner: null, tier: null, dependsOn: [], dependents: [], instances: 1 };
}
