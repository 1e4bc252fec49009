import { type LabFault, serviceSpec } from '../../lab/topology.js';
import type { FaultKind } from '../../src/domain/faults.js';

/** A lab fault as Warroom's domain names it (what a right RCA says). */
export const DOMAIN_FAULT: Readonly<Record<LabFault, FaultKind>> = {
  crash: 'crash',
  slow: 'slow',
  errors: 'web_5xx',
  memory_leak: 'memory_leak',
  dependency_down: 'dependency_down',
  disk_full: 'disk_full',
  bad_config: 'bad_config',
};

/**
 * Three services per fault, among those it applies to (an alert rule sees it there: `slow` and
 * `errors` on services that answer HTTP, `dependency_down` on services with upstreams), picked
 * across the chain: leaves, middles and entry points. Each case waits until the service it breaks,
 * those it calls and a cache its callers read have gone a whole telemetry window without a restart
 * or an alert (`waitForCleanBaseline`); the order (faults in a round, services across rounds) puts
 * most cases after cases that touched none of those, so they rarely wait.
 */
const TARGETS: Readonly<Record<LabFault, readonly [string, string, string]>> = {
  memory_leak: ['storefront', 'payments', 'queue-worker'],
  bad_config: ['payments', 'ledger-db', 'checkout'],
  dependency_down: ['checkout', 'storefront', 'payments'],
  disk_full: ['payments', 'checkout', 'ledger-db'],
  crash: ['ledger-db', 'payments', 'cache'],
  slow: ['cache', 'ledger-db', 'payments'],
  errors: ['checkout', 'cache', 'ledger-db'],
};

export interface LabCase {
  id: string;
  service: string;
  fault: LabFault;
  truth: { service: string; fault: FaultKind };
}

/**
 * The fixed set: every fault on its three services (21 cases), in rounds so that two cases in a row
 * never break the same fault or the same service.
 */
export function labCases(rounds = 1): LabCase[] {
  const cases: LabCase[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let slot = 0; slot < 3; slot++) {
      for (const [fault, services] of Object.entries(TARGETS) as Array<[LabFault, readonly string[]]>) {
        const service = services[slot];
        if (service === undefined) continue;
        serviceSpec(service);
        cases.push({
          id: `LAB-${String(cases.length + 1).padStart(2, '0')}`,
          service,
          fault,
          truth: { service, fault: DOMAIN_FAULT[fault] },
        });
      }
    }
  }
  return cases;
}
