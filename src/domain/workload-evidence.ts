import { z } from 'zod';

/**
 * What the Kubernetes API said about a service's workload when the incident was diagnosed: its
 * pods, recent events and the last log lines of crashing containers, read once and kept with the
 * telemetry. When it could not be read the evidence says so (`available: false`): unreadable is
 * unknown, never healthy.
 */
export const ContainerTermination = z.object({
  container: z.string(),
  /** OOMKilled, Error, Completed, ContainerCannotRun … */
  reason: z.string(),
  exitCode: z.number().int().nullable(),
  finishedAt: z.string().nullable(),
});
export type ContainerTermination = z.infer<typeof ContainerTermination>;

export const PodState = z.object({
  name: z.string(),
  /** Pending, Running, Succeeded, Failed, Unknown. */
  phase: z.string(),
  ready: z.boolean(),
  /** Restarts of all its containers. */
  restarts: z.number().int().nonnegative(),
  /** A container's waiting reason: CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError … */
  waiting: z.string().nullable(),
  /** The most recent termination of one of its containers, when it has restarted. */
  lastTermination: ContainerTermination.nullable(),
});
export type PodState = z.infer<typeof PodState>;

export const WorkloadEvent = z.object({
  at: z.string(),
  type: z.string(),
  reason: z.string(),
  /** `Pod/payments-7d9f8b6c4-x2x9k`. */
  object: z.string(),
  message: z.string(),
  count: z.number().int().nonnegative(),
});
export type WorkloadEvent = z.infer<typeof WorkloadEvent>;

export const ContainerLog = z.object({
  pod: z.string(),
  container: z.string(),
  /** The log of the container instance that terminated (`previous=true`), not the running one. */
  previous: z.boolean(),
  lines: z.array(z.string()),
});
export type ContainerLog = z.infer<typeof ContainerLog>;

const Where = {
  service: z.string(),
  /** Where it was read: `Kubernetes API via executor prod-k8s`. */
  source: z.string(),
  namespace: z.string(),
  deployment: z.string(),
};

export const WorkloadEvidence = z.discriminatedUnion('available', [
  z.object({
    ...Where,
    available: z.literal(true),
    readAt: z.string(),
    pods: z.array(PodState),
    events: z.array(WorkloadEvent),
    logs: z.array(ContainerLog),
  }),
  z.object({ ...Where, available: z.literal(false), reason: z.string() }),
]);
export type WorkloadEvidence = z.infer<typeof WorkloadEvidence>;

/** Reads a catalog service's workload; undefined for a service no Kubernetes executor is bound to. */
export interface WorkloadReader {
  read(service: string, signal: AbortSignal): Promise<WorkloadEvidence | undefined>;
}

/** `kubernetes shop/payments (Kubernetes API via executor prod-k8s)`: the source every line names. */
export function workloadSource(evidence: WorkloadEvidence): string {
  return `kubernetes ${evidence.namespace}/${evidence.deployment} (${evidence.source})`;
}
