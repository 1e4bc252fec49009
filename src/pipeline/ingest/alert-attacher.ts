import type { TicketStore } from '../../store/ticket-store.js';

/** Adds fingerprints to an incident's ticket; resolves with those that were not on it yet. */
export type AlertAttacher = (incidentId: string, fingerprints: readonly string[]) => Promise<string[]>;

interface Waiter {
  fingerprints: readonly string[];
  resolve(fresh: string[]): void;
  reject(error: unknown): void;
}

/**
 * One ticket write per incident at a time in this process, carrying every delivery's fingerprints
 * that arrived meanwhile. Deliveries placed side by side mostly touch the same incidents: each
 * writing the ticket on its own would make them overwrite one another's versions and retry.
 */
export function createAlertAttacher(tickets: TicketStore): AlertAttacher {
  const waiting = new Map<string, Waiter[]>();
  const writing = new Set<string>();

  async function drain(incidentId: string): Promise<void> {
    writing.add(incidentId);
    try {
      for (let waiters = waiting.get(incidentId); waiters; waiters = waiting.get(incidentId)) {
        waiting.delete(incidentId);
        const wanted = [...new Set(waiters.flatMap((waiter) => waiter.fingerprints))];
        let fresh = new Set<string>();
        try {
          await tickets.update(incidentId, (ticket) => {
            const held = new Set(ticket.alerts);
            const added = wanted.filter((fingerprint) => !held.has(fingerprint));
            fresh = new Set(added);
            return added.length === 0 ? undefined : { ...ticket, alerts: [...ticket.alerts, ...added] };
          });
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
          continue;
        }
        for (const waiter of waiters) waiter.resolve(waiter.fingerprints.filter((f) => fresh.has(f)));
      }
    } finally {
      writing.delete(incidentId);
    }
  }

  return (incidentId, fingerprints) =>
    new Promise<string[]>((resolve, reject) => {
      waiting.set(incidentId, [...(waiting.get(incidentId) ?? []), { fingerprints, resolve, reject }]);
      if (!writing.has(incidentId)) void drain(incidentId);
    });
}
