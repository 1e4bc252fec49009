import { describe, expect, it } from 'vitest';
import { labCases } from '../../../eval/lab/lab-cases.js';
import { LAB_FAULTS, restartSensitiveScope, SHOP, serviceAndUpstreams } from '../../../lab/topology.js';

describe("the lab eval's fixed set of cases", () => {
  it('runs every fault on three services, 21 cases, no fault or service twice in a row', () => {
    const cases = labCases();
    expect(cases).toHaveLength(21);
    for (const fault of LAB_FAULTS) expect(cases.filter((c) => c.fault === fault)).toHaveLength(3);
    expect(new Set(cases.map((c) => `${c.fault}/${c.service}`)).size).toBe(21);
    for (const [before, after] of cases.slice(1).map((c, i) => [cases[i], c] as const)) {
      expect(after.fault).not.toBe(before?.fault);
      expect(after.service).not.toBe(before?.service);
    }
    expect(cases.map((c) => c.id)).toEqual(cases.map((_, i) => `LAB-${String(i + 1).padStart(2, '0')}`));
  });
});

describe('a lab service and those it calls', () => {
  it('follows the call chain down, not up', () => {
    expect(serviceAndUpstreams('ledger-db')).toEqual(['ledger-db']);
    expect(serviceAndUpstreams('payments').sort()).toEqual(['ledger-db', 'payments']);
    expect(serviceAndUpstreams('storefront').sort()).toEqual([
      'cache',
      'checkout',
      'ledger-db',
      'payments',
      'storefront',
    ]);
    expect(serviceAndUpstreams('queue-worker').sort()).toEqual(['ledger-db', 'payments', 'queue-worker']);
    for (const service of SHOP) expect(serviceAndUpstreams(service.name)[0]).toBe(service.name);
  });

  it('adds the cache, which stays cold after a restart, wherever a caller of the service reads it', () => {
    expect(restartSensitiveScope('cache')).toEqual(['cache']);
    expect(restartSensitiveScope('payments').sort()).toEqual(['cache', 'ledger-db', 'payments']);
    expect(restartSensitiveScope('ledger-db').sort()).toEqual(['cache', 'ledger-db']);
    // Nothing calls queue-worker: only its own chain.
    expect(restartSensitiveScope('queue-worker').sort()).toEqual(['ledger-db', 'payments', 'queue-worker']);
  });

  it('refuses a service the shop does not have', () => {
    expect(() => serviceAndUpstreams('mainframe')).toThrow(/no lab service named mainframe/);
  });
});
