import { EstateState, initialEstate } from '../sim/estate/index.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { readVersioned, updateVersioned } from './versioned-json.js';

const parseEstate = (raw: unknown) => EstateState.parse(raw);

/** The simulated estate, shared by every process: injected faults persist until remediated. */
export interface EstateStore {
  read(): Promise<EstateState>;
  update(change: (state: EstateState) => EstateState): Promise<EstateState>;
}

export function createEstateStore(redis: Redis, keys: Keys): EstateStore {
  return {
    async read() {
      return (await readVersioned(redis, keys.estate, parseEstate))?.doc ?? initialEstate();
    },
    async update(change) {
      const written = await updateVersioned(redis, keys.estate, parseEstate, (current) =>
        change(current ?? initialEstate()),
      );
      return written?.doc ?? initialEstate();
    },
  };
}
