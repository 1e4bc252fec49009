import type { Status } from '../domain/status.js';
import type { TicketStore } from '../store/ticket-store.js';

/** Bounds the work of one scrape; past it, the oldest incidents drop out of the closed statuses' counts. */
export const STATUS_SCAN_LIMIT = 5000;

/** An `incidentsByStatus` provider: counts the newest incidents by their current status. */
export function incidentsByStatusOf(
  tickets: Pick<TicketStore, 'listRecent'>,
  scanLimit = STATUS_SCAN_LIMIT,
): () => Promise<Partial<Record<Status, number>>> {
  return async () => {
    const counts: Partial<Record<Status, number>> = {};
    for (const ticket of await tickets.listRecent(scanLimit)) {
      counts[ticket.status] = (counts[ticket.status] ?? 0) + 1;
    }
    return counts;
  };
}
