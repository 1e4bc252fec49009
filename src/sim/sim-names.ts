import { cleanSystemName } from '../domain/system-name.js';

/**
 * With a catalog configured, the simulated estate's services are shown as `sim:<name>` so that they
 * never match (or read as) a real service of the same name.
 */
export const SIM_PREFIX = 'sim:';

export function isSimName(service: string): boolean {
  return service.startsWith(SIM_PREFIX);
}

/** The simulation's own name for a service shown as `sim:<name>` (unchanged without the prefix). */
export function simLocalName(service: string): string {
  return isSimName(service) ? service.slice(SIM_PREFIX.length) : service;
}

// A Map: an object literal would answer `constructor` or `__proto__` with Object's own properties.
const SIM_ALIASES: ReadonlyMap<string, string> = new Map<string, string>([
  ['web', 'web-edge'],
  ['edge', 'web-edge'],
  ['web-edge', 'web-edge'],
  ['webedge', 'web-edge'],
  ['lb', 'web-edge'],
  ['load-balancer', 'web-edge'],
  ['frontend', 'web-edge'],
  ['backend', 'api'],
  ['rest-api', 'api'],
  ['db', 'database'],
  ['postgres', 'database'],
  ['postgresql', 'database'],
  ['pg', 'database'],
  ['redis', 'cache'],
  ['login', 'auth'],
  ['sso', 'auth'],
  ['identity', 'auth'],
  ['workers', 'worker'],
  ['jobs', 'worker'],
  ['queue', 'worker'],
  ['disk', 'storage'],
  ['s3', 'storage'],
  ['object-storage', 'storage'],
  ['net', 'network'],
  ['mesh', 'network'],
]);

/**
 * The simulated estate's own name for a cleaned name: its alias table applied (`db` → `database`).
 * Only the simulated directory uses it: a real catalog service is never renamed by it.
 */
export function simulatedName(system: string): string {
  const cleaned = cleanSystemName(system);
  return SIM_ALIASES.get(cleaned) ?? cleaned;
}
