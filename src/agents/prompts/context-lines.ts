import { FAULT_CATALOG, FAULT_KINDS } from '../../domain/faults.js';
import type { ServiceContext } from '../schemas.js';

/** Short, stable renderings of what several prompts share. */

function list(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : 'none';
}

export function serviceLine(service: ServiceContext): string {
  if (!service.known) return `${service.name} (not in the service catalog)`;
  const tier = service.tier === null ? 'tier unknown' : `tier ${service.tier}`;
  const owner = service.owner ?? 'no owner';
  return `${service.name} (${tier}, owner ${owner}, ${service.instances} instance(s); calls ${list(service.dependsOn)}; called by ${list(service.dependents)})`;
}

export function graphLines(graph: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(graph)
    .map(([service, callees]) => `- ${service} calls ${list(callees)}`)
    .join('\n');
}

/** The fault kinds a finding or diagnosis may name, with what each looks like. */
export function faultCatalogLines(): string {
  return FAULT_KINDS.map((kind) => {
    const info = FAULT_CATALOG[kind];
    return `- ${kind}: ${info.title.toLowerCase()}; typical signs: ${info.symptom}`;
  }).join('\n');
}
