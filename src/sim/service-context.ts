import type { ServiceContext } from '../agents/schemas.js';
import { directDependents, isKnownService, SERVICE_CATALOG, SERVICE_NAMES } from './services.js';

/** What the catalog knows about a (normalized) service name; unknown names get known: false. */
export function serviceContext(name: string): ServiceContext {
  if (!isKnownService(name)) {
    return { name, known: false, owner: null, tier: null, dependsOn: [], dependents: [], instances: 1 };
  }
  const info = SERVICE_CATALOG[name];
  return {
    name,
    known: true,
    owner: info.owner,
    tier: info.tier,
    dependsOn: [...info.dependsOn],
    dependents: directDependents(name),
    instances: info.instances,
  };
}

/** service → the services it calls: the graph the RCA stage walks. */
export function dependencyGraph(): Record<string, string[]> {
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, [...SERVICE_CATALOG[name].dependsOn]]));
}
