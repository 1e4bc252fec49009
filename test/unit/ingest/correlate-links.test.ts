import { describe, expect, it } from 'vitest';
import { Alert } from '../../../src/ingest/alert.js';
import { linkedIn, placeAlert } from '../../../src/ingest/correlate.js';

/** The lab's shop: storefront → checkout → payments → ledger-db, storefront → cache, queue-worker → payments. */
const GRAPH = {
  storefront: ['cache', 'checkout'],
  cache: [],
  checkout: ['payments'],
  payments: ['ledger-db'],
  'ledger-db': [],
  'queue-worker': ['payments'],
};

describe('which services an alert correlates across', () => {
  const linked = linkedIn(GRAPH);

  it('links a service to what it calls, directly or down the call chain, both ways round', () => {
    expect(linked('checkout', 'payments')).toBe(true);
    expect(linked('storefront', 'payments')).toBe(true);
    expect(linked('ledger-db', 'storefront')).toBe(true);
    expect(linked('queue-worker', 'ledger-db')).toBe(true);
  });

  it('does not link services that only share a dependency', () => {
    expect(linked('queue-worker', 'checkout')).toBe(false);
    expect(linked('cache', 'payments')).toBe(false);
    expect(linked('queue-worker', 'storefront')).toBe(false);
  });

  it("an alert on storefront joins the open incident of payments' outage though checkout's alert has not come yet", () => {
    const now = Date.parse('2026-12-06T04:00:00Z');
    const placement = placeAlert(
      Alert.parse({
        source: 'alertmanager',
        fingerprint: 'f-storefront',
        status: 'firing',
        system: 'storefront',
        issue: 'HighErrorRate',
        severity: 'sev1',
        labels: { service: 'storefront' },
        annotations: {},
        startsAt: new Date(now).toISOString(),
        endsAt: null,
        links: [],
      }),
      undefined,
      [{ incidentId: 'INC-0001', systems: ['payments'], lastAlertAtMs: now - 2_000 }],
      300_000,
      linked,
    );
    expect(placement).toEqual({
      kind: 'correlate',
      incidentId: 'INC-0001',
      reason: 'storefront and payments are linked in the dependency graph',
    });
  });
});
