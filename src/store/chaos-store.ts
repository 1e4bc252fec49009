import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Keys } from './keys.js';

export const ChaosState = z.object({
  on: z.boolean(),
  channel: z.string().nullable(),
  by: z.string().optional(),
  at: z.string().optional(),
  /** Only the tick with this number may act: a stop and a restart make older ticks stale. */
  seq: z.number().int().nonnegative(),
  reason: z.string().optional(),
});
export type ChaosState = z.infer<typeof ChaosState>;

/** Whether a rehearsal (chaos mode) is running, shared by every process. */
export interface ChaosStore {
  read(): Promise<ChaosState>;
  write(state: ChaosState): Promise<void>;
}

export function createChaosStore(redis: Redis, keys: Keys): ChaosStore {
  return {
    async read() {
      const raw = await redis.get(keys.chaos);
      return raw ? ChaosState.parse(JSON.parse(raw)) : { on: false, channel: null, seq: 0 };
    },
    async write(state) {
      await redis.set(keys.chaos, JSON.stringify(state));
    },
  };
}
