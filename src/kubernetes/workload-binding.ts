import type { Catalog } from '../domain/catalog/index.js';
import { kubernetesExecutorConfigSchema } from '../executors/kubernetes/kubernetes-config.js';

/**
 * Which deployment a catalog service is: its `executor:` is a `kubernetes` executor, and of the
 * deployments that executor may touch, the one named as the service (or one of its aliases), or
 * the only one it lists. Pure.
 */
export interface WorkloadBinding {
  service: string;
  executor: string;
  context?: string;
  namespace: string;
  deployment: string;
}

export type BindingLookup =
  | { bound: true; binding: WorkloadBinding }
  /** Bound to a Kubernetes executor, but which deployment it is cannot be told. */
  | { bound: false; service: string; executor: string; reason: string };

/**
 * `(namespace, deployment)` → the catalog service bound to it, for naming the service of a
 * Kubernetes event; built once per catalog.
 */
export function workloadServices(
  catalog: Catalog,
): (namespace: string, workload: string) => string | undefined {
  const bound = new Map<string, string>();
  for (const service of catalog.services) {
    const lookup = workloadBinding(catalog, service.name);
    if (lookup?.bound) bound.set(`${lookup.binding.namespace}/${lookup.binding.deployment}`, service.name);
  }
  return (namespace, workload) => bound.get(`${namespace}/${workload}`);
}

export function workloadBinding(catalog: Catalog, nameOrAlias: string): BindingLookup | undefined {
  const service = catalog.find(nameOrAlias);
  const executorName = service?.executor;
  if (service === undefined || executorName === undefined) return undefined;
  const entry = catalog.executor(executorName);
  if (entry?.kind !== 'kubernetes') return undefined;
  const parsed = kubernetesExecutorConfigSchema.safeParse({
    name: entry.name,
    kind: entry.kind,
    ...entry.settings,
  });
  const unbound = (reason: string) =>
    ({ bound: false, service: service.name, executor: entry.name, reason }) as const;
  if (!parsed.success) return unbound(`executor ${entry.name} has no valid namespaces`);
  const names = new Set([service.name, ...service.aliases].map((name) => name.toLowerCase()));
  const listed = Object.entries(parsed.data.namespaces).flatMap(([namespace, { deployments }]) =>
    deployments.map((deployment) => ({ namespace, deployment })),
  );
  const named = listed.filter(({ deployment }) => names.has(deployment));
  const chosen = named.length > 0 ? named : listed;
  const [only, ...others] = chosen;
  if (only === undefined || others.length > 0)
    return unbound(
      `executor ${entry.name} lists ${named.length > 1 ? 'several deployments' : 'no single deployment'} named ${service.name}`,
    );
  return {
    bound: true,
    binding: {
      service: service.name,
      executor: entry.name,
      ...(parsed.data.context === undefined ? {} : { context: parsed.data.context }),
      ...only,
    },
  };
}
