import type { KubeConfig } from '@kubernetes/client-node';
import type { Catalog } from '../domain/catalog/index.js';
import type { WorkloadReader } from '../domain/workload-evidence.js';
import { loadKubeConfig } from '../executors/kubernetes/load-kube-config.js';
import { workloadBinding } from './workload-binding.js';
import { createWorkloadReader, type ReadLimits } from './workload-reader.js';

/**
 * The workload reader for a catalog: services whose executor is a `kubernetes` one are read with
 * that executor's cluster and context (KUBECONFIG, else the in-cluster service account). Undefined
 * when the catalog has no Kubernetes executor.
 */
export function catalogWorkloads(
  catalog: Catalog,
  kubeconfigPath: string | undefined,
  timeoutMs: number,
  limits?: ReadLimits,
): WorkloadReader | undefined {
  if (!catalog.executors.some((executor) => executor.kind === 'kubernetes')) return undefined;
  const configs = new Map<string, KubeConfig>();
  const kubeConfigFor = (context: string | undefined): KubeConfig => {
    const key = context ?? '';
    const known = configs.get(key);
    if (known !== undefined) return known;
    const loaded = loadKubeConfig(kubeconfigPath, context);
    configs.set(key, loaded);
    return loaded;
  };
  return createWorkloadReader(
    (service) => {
      const lookup = workloadBinding(catalog, service);
      if (lookup === undefined) return undefined;
      if (!lookup.bound) return { executor: lookup.executor, unbound: lookup.reason };
      const { context, ...target } = lookup.binding;
      try {
        return { target, kubeConfig: kubeConfigFor(context) };
      } catch (error) {
        return { executor: target.executor, unbound: `no kubeconfig: ${(error as Error).message}` };
      }
    },
    timeoutMs,
    limits,
  );
}
