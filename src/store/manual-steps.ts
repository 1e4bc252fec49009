import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

/** Manual plan steps people ticked as done in the thread. */
export interface ManualSteps {
  tick(incidentId: string, actionId: string): Promise<boolean>;
  done(incidentId: string): Promise<Set<string>>;
}

export function createManualSteps(redis: Redis, keys: Keys): ManualSteps {
  return {
    async tick(incidentId, actionId) {
      return (await redis.sadd(keys.manualSteps(incidentId), actionId)) === 1;
    },
    async done(incidentId) {
      return new Set(await redis.smembers(keys.manualSteps(incidentId)));
    },
  };
}
