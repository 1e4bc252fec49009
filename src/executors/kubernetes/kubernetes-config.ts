import { z } from 'zod';
import { executorName, outputLimit, timeoutMs } from '../config-fields.js';

const objectName = z.string().regex(/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, 'a Kubernetes object name');

/**
 * The only namespaces and deployments this executor may touch: anything else is refused before a
 * request leaves. The cluster and its credentials come from KUBECONFIG or the pod's service account.
 */
export const kubernetesExecutorConfigSchema = z.strictObject({
  name: executorName,
  kind: z.literal('kubernetes'),
  /** A context of the kubeconfig; unset: its current context. */
  context: z.string().min(1).optional(),
  namespaces: z.record(objectName, z.strictObject({ deployments: z.array(objectName).min(1) })),
  timeoutMs: timeoutMs(30_000),
  outputLimit,
});
export type KubernetesExecutorConfig = z.infer<typeof kubernetesExecutorConfigSchema>;
