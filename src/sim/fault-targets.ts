import type { FaultKind } from '../domain/faults.js';
import type { ServiceName } from './services.js';

/** Where the simulation rehearses each fault: the service it breaks by default and those it can break. */
export interface FaultTargets {
  defaultService: ServiceName;
  appliesTo: readonly ServiceName[];
}

export const FAULT_TARGETS: Readonly<Record<FaultKind, FaultTargets>> = {
  crash: { defaultService: 'api', appliesTo: ['web-edge', 'api', 'auth', 'worker', 'cache'] },
  slow: { defaultService: 'database', appliesTo: ['database', 'api', 'auth'] },
  bad_config: { defaultService: 'api', appliesTo: ['api', 'auth', 'worker'] },
  memory_leak: { defaultService: 'worker', appliesTo: ['web-edge', 'api', 'auth', 'worker', 'cache'] },
  dependency_down: { defaultService: 'auth', appliesTo: ['api', 'auth', 'worker'] },
  web_5xx: { defaultService: 'web-edge', appliesTo: ['web-edge', 'api'] },
  disk_full: { defaultService: 'storage', appliesTo: ['storage', 'database'] },
  network_partition: { defaultService: 'network', appliesTo: ['network'] },
  cache_stampede: { defaultService: 'cache', appliesTo: ['cache'] },
};

export function faultAppliesTo(kind: FaultKind, service: string): boolean {
  return (FAULT_TARGETS[kind].appliesTo as readonly string[]).includes(service);
}
