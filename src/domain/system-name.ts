/** Service names as people and alert sources write them, brought to the catalog's form. */

// A Map: an object literal would answer `constructor` or `__proto__` with Object's own properties.
const ALIASES: ReadonlyMap<string, string> = new Map<string, string>([
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

/** Lowercase, trimmed, spaces and underscores as hyphens. */
export function cleanSystemName(system: string): string {
  return system
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Lowercase, trimmed, spaces and underscores as hyphens, known aliases mapped to catalog names. */
export function normalizeSystem(system: string): string {
  const cleaned = cleanSystemName(system);
  return ALIASES.get(cleaned) ?? cleaned;
}
