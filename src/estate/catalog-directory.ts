import type { Catalog } from '../domain/catalog/index.js';
import type { ServiceDirectory } from '../domain/ports.js';
import { type ServiceContext, unknownServiceContext } from '../domain/service-context.js';

/** The team's catalog as the crew's service directory: aliases, owners, tiers, the graph. */
export function catalogDirectory(catalog: Catalog): ServiceDirectory {
  return {
    real: true,
    resolve: (nameOrAlias) => catalog.find(nameOrAlias)?.name,
    context(name): ServiceContext {
      const service = catalog.find(name);
      if (!service) return unknownServiceContext(name);
      return {
        name: service.name,
        known: true,
        owner: service.owner?.team ?? null,
        tier: service.tier,
        dependsOn: [...service.dependsOn],
        dependents: [...catalog.dependents(service.name)],
        instances: service.instances ?? 1,
        ...(service.owner?.slack ? { ownerSlack: service.owner.slack } : {}),
        ...(service.runbookUrl ? { runbookUrl: service.runbookUrl } : {}),
      };
    },
    dependents: (name) => catalog.dependents(name),
    graph: () =>
      Object.fromEntries(catalog.services.map((service) => [service.name, [...service.dependsOn]])),
    names: () => catalog.services.map((service) => service.name),
  };
}

/** The catalog first; `sim:<name>` services (the simulation beside it) to the other directory. */
export function routedDirectory(real: ServiceDirectory, simulated: ServiceDirectory): ServiceDirectory {
  const pick = (name: string) => (simulated.resolve(name) !== undefined ? simulated : real);
  return {
    real: true,
    resolve: (nameOrAlias) => real.resolve(nameOrAlias) ?? simulated.resolve(nameOrAlias),
    context: (name) => pick(name).context(name),
    dependents: (name) => pick(name).dependents(name),
    graph: () => ({ ...simulated.graph(), ...real.graph() }),
    names: () => real.names(),
  };
}
