import { z } from 'zod';

export const ConfidenceBand = z.enum(['low', 'medium', 'high']);
export type ConfidenceBand = z.infer<typeof ConfidenceBand>;

/** Band edges shared by routing and display: high at 85 and above, low under 50. */
export const BAND_EDGES = { medium: 50, high: 85 } as const;

export function confidenceBand(score: number): ConfidenceBand {
  if (score >= BAND_EDGES.high) return 'high';
  if (score >= BAND_EDGES.medium) return 'medium';
  return 'low';
}

export function clampScore(score: number): number {
  return Math.max(0, Math.min(100, Math.round(score)));
}
