import { FAULT_KINDS, type FaultKind } from '../domain/faults.js';
import { activeFaults, type EstateState } from './estate/estate-state.js';
import { FAULT_TARGETS } from './fault-targets.js';
import type { ServiceName } from './services.js';

/**
 * A random fault on a random service it applies to, among services that are not already broken
 * (rehearsals should not pile faults on one service). `random` returns [0, 1), like Math.random.
 */
export function pickChaosFault(
  state: EstateState,
  random: () => number,
): { fault: FaultKind; service: ServiceName } | undefined {
  const choices = FAULT_KINDS.flatMap((fault) =>
    FAULT_TARGETS[fault].appliesTo
      .filter((service) => activeFaults(state.services[service]).length === 0)
      .map((service) => ({ fault, service })),
  );
  return choices[Math.floor(random() * choices.length)];
}

/** Seconds until the next rehearsal fault, uniformly in [min, max]. */
export function nextChaosDelayMs(range: { min: number; max: number }, random: () => number): number {
  return Math.round((range.min + random() * (range.max - range.min)) * 1000);
}
