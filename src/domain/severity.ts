import { z } from 'zod';

export const SEVERITIES = ['sev1', 'sev2', 'sev3'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** sev1 is the most severe; lower rank means more urgent. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
