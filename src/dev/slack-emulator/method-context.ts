/** What every Web API method handler receives and returns. */
import type { EmulatorStore } from './store.js';
import type { JsonObject, MethodAnswer } from './types.js';

export interface MethodContext {
  params: JsonObject;
  store: EmulatorStore;
  /** `http://127.0.0.1:port` of the emulator, for URLs it hands out. */
  origin: string;
}

export type MethodHandler = (ctx: MethodContext) => MethodAnswer;

export function fail(error: string, messages?: string[]): MethodAnswer {
  return messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}
