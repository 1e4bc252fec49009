import { KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster and credentials: the kubeconfig file KUBECONFIG names (handed over by src/config.ts),
 * else the pod's in-cluster service account. A context the file does not hold fails at boot.
 */
export function loadKubeConfig(kubeconfigPath: string | undefined, context: string | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (kubeconfigPath === undefined) {
    kubeConfig.loadFromCluster();
    // Outside a pod the library still builds a cluster, at https://undefined:undefined.
    if (kubeConfig.getCurrentCluster()?.server.includes('undefined'))
      throw new Error('KUBECONFIG is not set and Warroom is not running in a Kubernetes pod');
  } else kubeConfig.loadFromFile(kubeconfigPath);
  if (context !== undefined) {
    if (kubeConfig.getContextObject(context) === null)
      throw new Error(`the kubeconfig has no context ${context}`);
    kubeConfig.setCurrentContext(context);
  }
  return kubeConfig;
}
