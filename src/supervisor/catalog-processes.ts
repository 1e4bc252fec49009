import type { Catalog } from '../domain/catalog/index.js';
import type { ProcessReader } from '../domain/process-evidence.js';
import { type CredentialSources, resolveCredentials } from '../executors/credentials.js';
import { createProcessReader } from './process-reader.js';
import { programBinding } from './program-binding.js';

/**
 * The process reader for a catalog: services whose executor is a `supervisor` one are read through
 * that executor's supervisord with its own credentials. Undefined when the catalog has none.
 */
export function catalogProcesses(catalog: Catalog, sources: CredentialSources): ProcessReader | undefined {
  if (!catalog.executors.some((executor) => executor.kind === 'supervisor')) return undefined;
  return createProcessReader((service) => {
    const lookup = programBinding(catalog, service);
    if (lookup === undefined) return undefined;
    if (!lookup.bound) return { program: lookup.service, executor: lookup.executor, unbound: lookup.reason };
    try {
      return {
        service: lookup.service,
        program: lookup.program,
        config: lookup.config,
        credentials: resolveCredentials(lookup.config.credentials, sources),
      };
    } catch (error) {
      return { program: lookup.program, executor: lookup.config.name, unbound: (error as Error).message };
    }
  });
}
