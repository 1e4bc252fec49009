import type { FreezeWindow } from '../rollout/freeze-windows.js';
import type { MetricName } from '../telemetry.js';
import {
  connectedComponents,
  type DependencyGraph,
  dependentsOf,
  reachableFrom,
} from './dependency-graph.js';
import type { CatalogExecutor } from './executors.js';
import type { ServiceHealthRules } from './health-rules.js';
import type { Owner, Tier } from './service-spec.js';

export type PromqlQueries = Partial<Record<MetricName, string>>;

export interface ServiceTelemetryQueries {
  /** Label matchers that pick the service's series, without braces. */
  selector: string;
  rateWindow: string;
  /** Rendered PromQL per signal; dropped signals are absent. */
  queries: PromqlQueries;
  /** PromQL that is 0 when none of the service's targets answers its scrape. */
  up: string;
}

/** A service of the team's estate, checked: names resolved, queries rendered, health rules complete. */
export interface CatalogService {
  name: string;
  aliases: readonly string[];
  description: string;
  owner?: Owner;
  tier: Tier;
  /** Canonical names of the services it calls. */
  dependsOn: readonly string[];
  instances?: number;
  /** Freeze windows during which no rollout of it starts. */
  freeze?: readonly FreezeWindow[];
  runbookUrl?: string;
  /** Slack users and user groups allowed to approve actions on it; empty: the global APPROVERS. */
  approvers: readonly string[];
  /** Name of its default executor. */
  executor?: string;
  /** Backstage `spec.lifecycle` (production, experimental, …). */
  lifecycle?: string;
  telemetry: ServiceTelemetryQueries;
  /** LogQL stream selector. */
  logs: string;
  health: ServiceHealthRules;
}

/** Structurally a src/telemetry `PromqlMapping`: every query already rendered per service. */
export interface CatalogPromqlMapping {
  defaults: PromqlQueries;
  services: Record<string, PromqlQueries>;
}

/** The team's estate. Every method takes a name or an alias, in any case; an unknown one gets nothing. */
export interface Catalog {
  readonly services: readonly CatalogService[];
  readonly executors: readonly CatalogExecutor[];
  find(nameOrAlias: string): CatalogService | undefined;
  executor(name: string): CatalogExecutor | undefined;
  /** Services it calls directly. */
  dependencies(nameOrAlias: string): readonly string[];
  /** Services that call it directly. */
  dependents(nameOrAlias: string): readonly string[];
  /** Everything it relies on, nearest first. */
  transitiveDependencies(nameOrAlias: string): readonly string[];
  /** Everything a fault in it can reach, nearest first. */
  transitiveDependents(nameOrAlias: string): readonly string[];
  /** Groups of services linked by dependencies, in catalog order: alerts in one group may correlate. */
  components(): readonly (readonly string[])[];
  /** The group a service belongs to, itself included. */
  componentOf(nameOrAlias: string): readonly string[];
  owner(nameOrAlias: string): Owner | undefined;
  approvers(nameOrAlias: string): readonly string[];
  promql(nameOrAlias: string): PromqlQueries;
  promqlMapping(): CatalogPromqlMapping;
}

/** Builds the lookups over services that have passed every check (see parseCatalog). */
export function createCatalog(
  services: readonly CatalogService[],
  executors: readonly CatalogExecutor[],
): Catalog {
  const byKey = new Map<string, CatalogService>();
  for (const service of services) {
    for (const key of [service.name, ...service.aliases]) byKey.set(key.toLowerCase(), service);
  }
  const executorsByName = new Map(executors.map((executor) => [executor.name, executor]));
  const graph: DependencyGraph = new Map(services.map((service) => [service.name, service.dependsOn]));
  const dependents = dependentsOf(graph);
  const components = connectedComponents(graph);
  const componentByName = new Map(components.flatMap((members) => members.map((name) => [name, members])));
  const find = (nameOrAlias: string) => byKey.get(nameOrAlias.trim().toLowerCase());
  const over = <T>(nameOrAlias: string, empty: T, pick: (service: CatalogService) => T): T => {
    const service = find(nameOrAlias);
    return service ? pick(service) : empty;
  };
  return {
    services,
    executors,
    find,
    executor: (name) => executorsByName.get(name),
    dependencies: (name) => over(name, [], (service) => service.dependsOn),
    dependents: (name) => over(name, [], (service) => dependents.get(service.name) ?? []),
    transitiveDependencies: (name) =>
      over(name, [], (service) => reachableFrom(service.name, (node) => graph.get(node) ?? [])),
    transitiveDependents: (name) =>
      over(name, [], (service) => reachableFrom(service.name, (node) => dependents.get(node) ?? [])),
    components: () => components,
    componentOf: (name) => over(name, [], (service) => componentByName.get(service.name) ?? [service.name]),
    owner: (name) => find(name)?.owner,
    approvers: (name) => over(name, [], (service) => service.approvers),
    promql: (name) => over(name, {}, (service) => service.telemetry.queries),
    promqlMapping: () => ({
      defaults: {},
      // No prototype: a service named like an Object method is not shadowed by it.
      services: Object.assign(
        Object.create(null) as Record<string, PromqlQueries>,
        Object.fromEntries(services.map((service) => [service.name, service.telemetry.queries])),
      ),
    }),
  };
}
