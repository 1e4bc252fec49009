import { z } from 'zod';

/**
 * A Kubernetes step on one deployment: rollout restart, scale, rollout undo to the previous
 * revision, delete one of its pods, or set one container's image (`kubectl set image`). Namespace and names may be templated; the executor still
 * refuses any the catalog does not list.
 */
const name = z.string().min(1).max(253);

export const KUBERNETES_OPERATIONS = ['restart', 'scale', 'undo', 'delete-pod', 'set-image'] as const;

export const kubernetesActionTemplateSchema = z
  .object({
    kind: z.literal('kubernetes'),
    operation: z.enum(KUBERNETES_OPERATIONS),
    namespace: name,
    deployment: name,
    /** For `scale`: a number or one placeholder of an integer param. */
    replicas: z.union([z.number().int().min(0), name]).optional(),
    /** For `delete-pod`. */
    pod: name.optional(),
    /** For `set-image`: the container of the pod template, and its new image (`registry/shop:{{version}}`). */
    container: name.optional(),
    image: z.string().min(1).max(500).optional(),
  })
  .refine((step) => step.operation !== 'scale' || step.replicas !== undefined, {
    message: 'scale needs `replicas`',
  })
  .refine((step) => step.operation !== 'delete-pod' || step.pod !== undefined, {
    message: 'delete-pod needs `pod`',
  })
  .refine(
    (step) => step.operation !== 'set-image' || (step.container !== undefined && step.image !== undefined),
    {
      message: 'set-image needs `container` and `image`',
    },
  );

export type KubernetesOperation = (typeof KUBERNETES_OPERATIONS)[number];

export interface KubernetesAction {
  kind: 'kubernetes';
  operation: KubernetesOperation;
  namespace: string;
  deployment: string;
  replicas?: number;
  pod?: string;
  container?: string;
  image?: string;
}
