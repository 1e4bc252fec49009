import { z } from 'zod';

/** One entry of an incident's timeline: what happened, when, by whom, with its details. */
export const TimelineEntry = z.object({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  by: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
