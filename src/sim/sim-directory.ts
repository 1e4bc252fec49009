import type { ServiceDirectory } from '../domain/ports.js';
import { type ServiceContext, unknownServiceContext } from '../domain/service-context.js';
import { dependencyGraph, serviceContext } from './service-context.js';
import { directDependents, isKnownService, SERVICE_NAMES } from './services.js';
import { type SIM_PREFIX, simLocalName, simulatedName } from './sim-names.js';

/**
 * The simulated estate as a service directory. With `prefix` (a catalog is configured) its
 * services are `sim:<name>`, so none of them ever matches a real service.
 */
export function simulatedDirectory(prefix: '' | typeof SIM_PREFIX = ''): ServiceDirectory {
  const shown = (name: string) => `${prefix}${name}`;
  const local = (name: string) => (prefix ? simLocalName(name) : name);
  const own = (name: string) => !prefix || name.startsWith(prefix);
  return {
    real: false,
    resolve(nameOrAlias) {
      if (!own(nameOrAlias.trim().toLowerCase())) return undefined;
      const name = simulatedName(local(nameOrAlias.trim().toLowerCase()));
      return isKnownService(name) ? shown(name) : undefined;
    },
    context(name): ServiceContext {
      if (!own(name)) return unknownServiceContext(name);
      const context = serviceContext(local(name));
      if (!context.known) return { ...context, name };
      return {
        ...context,
        name: shown(context.name),
        dependsOn: context.dependsOn.map(shown),
        dependents: context.dependents.map(shown),
      };
    },
    dependents: (name) => {
      const service = local(name);
      return own(name) && isKnownService(service) ? directDependents(service).map(shown) : [];
    },
    graph: () =>
      Object.fromEntries(
        Object.entries(dependencyGraph()).map(([name, calls]) => [shown(name), calls.map(shown)]),
      ),
    names: () => SERVICE_NAMES.map(shown),
  };
}
