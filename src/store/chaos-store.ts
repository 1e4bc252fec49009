import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

export interface ChaosState {
  on: boolean;
  channel: string | null;
  by?: string;
  at?: string;
  /** Only the tick with this number may act: a stop and a restart make older ticks stale. */
  seq: number;
  reason?: string;
}

/** Whether a rehearsal (chaos mode) is running, shared by every process; a Redis hash. */
export interface ChaosStore {
  read(): Promise<ChaosState>;
  /** Turns it on and returns the first tick's number. */
  start(channel: string, by: string, at: Date): Promise<number>;
  stop(by: string, at: Date, reason: string): Promise<void>;
  /** True when tick `seq` may schedule tick `seq + 1` (still on, not superseded). */
  advance(seq: number): Promise<boolean>;
}

export function createChaosStore(redis: Redis, keys: Keys): ChaosStore {
  return {
    async read() {
      const raw = await redis.hgetall(keys.chaos);
      return {
        on: raw.on === '1',
        channel: raw.channel || null,
        seq: Number(raw.seq ?? 0),
        ...(raw.by ? { by: raw.by } : {}),
        ...(raw.at ? { at: raw.at } : {}),
        ...(raw.reason ? { reason: raw.reason } : {}),
      };
    },
    async start(channel, by, at) {
      const [, [, seq] = []] =
        (await redis
          .multi()
          .hset(keys.chaos, 'on', '1', 'channel', channel, 'by', by, 'at', at.toISOString(), 'reason', '')
          .hincrby(keys.chaos, 'seq', 1)
          .exec()) ?? [];
      return Number(seq);
    },
    async stop(by, at, reason) {
      await redis
        .multi()
        .hset(keys.chaos, 'on', '0', 'by', by, 'at', at.toISOString(), 'reason', reason)
        .hincrby(keys.chaos, 'seq', 1)
        .exec();
    },
    async advance(seq) {
      // Moves the tick number on only while the rehearsal runs and nobody else moved it.
      return (await withScripts(redis).warroomChaosAdvance(keys.chaos, seq, seq + 1)) === 1;
    },
  };
}
