import { z } from 'zod';

/** Fields every executor kind's config shares. */
export const executorName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');
export const timeoutMs = (fallback: number) => z.number().int().positive().max(600_000).default(fallback);
export const outputLimit = z.number().int().min(100).max(20_000).default(2000);
