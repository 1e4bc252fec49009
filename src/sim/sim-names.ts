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
