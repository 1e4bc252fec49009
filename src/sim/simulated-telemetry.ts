import type { TelemetrySource } from '../domain/telemetry-source.js';
import type { Ticket } from '../domain/ticket.js';
import type { EstateStore } from '../store/estate-store.js';
import { generateTelemetry } from './estate/index.js';

/** Seeds from the incident number, so one incident always sees the same (noisy) telemetry. */
export function seedFromIncidentId(incidentId: string): number {
  return Number(/\d+$/.exec(incidentId)?.[0] ?? 1);
}

/** The monitor's estate-wide look: one seed per minute, so a minute's sweeps agree. */
function seedFromMinute(now: Date): number {
  return Math.floor(now.getTime() / 60_000) % 1_000_000;
}

export function simulatedTelemetry(
  estate: EstateStore,
  seedFor: (ticket: Ticket) => number = (ticket) => seedFromIncidentId(ticket.id),
): TelemetrySource {
  return {
    async snapshot(ticket, now) {
      const seed = ticket ? seedFor(ticket) : seedFromMinute(now);
      return generateTelemetry(await estate.read(), { seed, now, noise: true });
    },
  };
}
