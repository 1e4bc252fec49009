import { bfsDistances } from '../../domain/graph-walk.js';
import { SERVICE_CATALOG, type ServiceName } from '../services.js';

export { bfsDistances };

function callees(node: string): readonly ServiceName[] {
  return SERVICE_CATALOG[node as ServiceName]?.dependsOn ?? [];
}

/** Services `service` calls, directly or not, with the hop count of the shortest path. */
export function upstreamDistances(service: ServiceName): Map<ServiceName, number> {
  return bfsDistances(service, callees) as Map<ServiceName, number>;
}

/** How much of a fault's effect survives `hops` calls away from where it happens. */
export function attenuation(hops: number): number {
  return 0.5 ** hops;
}
