import { SERVICE_CATALOG, type ServiceName } from '../services.js';

/** Breadth-first hop counts from `start` (excluded) to every node reachable through `neighbours`. */
export function bfsDistances(
  start: string,
  neighbours: (node: string) => readonly string[],
): Map<string, number> {
  const distances = new Map<string, number>([[start, 0]]);
  const queue = [start];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    const distance = distances.get(current) ?? 0;
    for (const next of neighbours(current)) {
      if (!distances.has(next)) {
        distances.set(next, distance + 1);
        queue.push(next);
      }
    }
  }
  distances.delete(start);
  return distances;
}

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
