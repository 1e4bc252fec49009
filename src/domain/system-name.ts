/**
 * A service name as written anywhere (an alert label, a slash command): lowercase, trimmed, spaces
 * and underscores as hyphens. No alias is applied: which names mean which service is the estate's
 * business (its directory: the catalog's names and aliases, or the simulation's own in src/sim),
 * never a table of guesses that could rename a real service.
 */
export function cleanSystemName(system: string): string {
  return system
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}
