/**
 * Tokens spent per incident, in memory, for the per-incident budget. Bounded: the oldest incidents
 * are forgotten first, so a long-running worker does not grow without limit. Each process keeps its
 * own ledger; with several workers an incident may spend up to the budget on each.
 */
export interface TokenLedger {
  spent(incidentId: string): number;
  exhausted(incidentId: string): boolean;
  add(incidentId: string, tokens: number): void;
}

export function createTokenLedger(budget: number, maxIncidents = 1000): TokenLedger {
  const spentBy = new Map<string, number>();
  const spent = (incidentId: string) => spentBy.get(incidentId) ?? 0;
  return {
    spent,
    exhausted: (incidentId) => spent(incidentId) >= budget,
    add(incidentId, tokens) {
      const total = spent(incidentId) + tokens;
      // Re-inserting moves the incident to the young end of the map's insertion order.
      spentBy.delete(incidentId);
      spentBy.set(incidentId, total);
      for (const oldest of spentBy.keys()) {
        if (spentBy.size <= maxIncidents) break;
        spentBy.delete(oldest);
      }
    },
  };
}
