import { KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster and credentials: the kubeconfig file KUBECONFIG names (handed over by src/config.ts),
 * else the pod's in-cluster service account. A context the file does not hold fails at boot.
 */
export function loadKubeConfig(kubeconfigPath: string | undefined, context: string | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (kubeconfigPath === undefined) kubeConfig.loadFromCluster();
  else kubeConfig.loadFromFile(kubeconfigPath);
  if (context !== undefined) {
    if (kubeConfig.getContextObject(context) === null)
      throw new Error(`the kubeconfig has no context ${context}`);
    kubeConfig.setCurrentContext(context);
  }
  return kubeConfig;
}
