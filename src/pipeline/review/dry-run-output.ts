import { z } from 'zod';

/** What the sandbox stage says of a plan tried without changing anything. */
export const DryRunOutput = z.object({
  helps: z.boolean(),
  summary: z.string(),
  predicted: z.array(z.object({ service: z.string(), before: z.number(), after: z.number() })),
  /** A runbook plan: each step's dry run through its own executor. */
  steps: z
    .array(
      z.object({
        stepId: z.string(),
        executor: z.string(),
        outcome: z.enum(['ok', 'failed', 'unknown']),
        /** Masked by the executor. */
        action: z.string(),
        /** Exit or HTTP status. */
        status: z.number().optional(),
        durationMs: z.number(),
        excerpt: z.string(),
      }),
    )
    .optional(),
});
export type DryRunOutput = z.infer<typeof DryRunOutput>;
