import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

export interface KillSwitchState {
  on: boolean;
  by?: string;
  at?: string;
}

/** One flag for the whole estate: while on, no remediation step runs anywhere. */
export interface KillSwitch {
  state(): Promise<KillSwitchState>;
  set(on: boolean, by: string, now: Date): Promise<KillSwitchState>;
}

export function createKillSwitch(redis: Redis, keys: Keys): KillSwitch {
  return {
    async state() {
      const raw = await redis.get(keys.killSwitch);
      return raw ? (JSON.parse(raw) as KillSwitchState) : { on: false };
    },
    async set(on, by, now) {
      const state: KillSwitchState = { on, by, at: now.toISOString() };
      await redis.set(keys.killSwitch, JSON.stringify(state));
      return state;
    },
  };
}
