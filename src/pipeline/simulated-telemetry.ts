import { generateTelemetry } from '../domain/estate/index.js';
import type { Ticket } from '../domain/ticket.js';
import type { EstateStore } from '../store/estate-store.js';
import type { TelemetrySource } from './context.js';

/** Seeds from the incident number, so one incident always sees the same (noisy) telemetry. */
export function seedFromIncidentId(incidentId: string): number {
  return Number(/\d+$/.exec(incidentId)?.[0] ?? 1);
}

export function simulatedTelemetry(
  estate: EstateStore,
  seedFor: (ticket: Ticket) => number = (ticket) => seedFromIncidentId(ticket.id),
): TelemetrySource {
  return {
    async snapshot(ticket, now) {
      return generateTelemetry(await estate.read(), { seed: seedFor(ticket), now, noise: true });
    },
  };
}
