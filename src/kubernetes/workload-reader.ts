import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  Observable,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { ContainerLog, WorkloadEvidence, WorkloadReader } from '../domain/workload-evidence.js';
import { crashingContainers, podStates, tailLines, workloadEvents } from './workload-state.js';

/**
 * Reads a deployment's pods, recent events and the last log lines of its crashing containers
 * through @kubernetes/client-node, with GETs only. Anything it cannot read makes the evidence
 * `unavailable` with the reason (a 403 names the missing permission), never an empty, healthy look.
 */
export interface WorkloadTarget {
  service: string;
  executor: string;
  namespace: string;
  deployment: string;
}

export interface ReadLimits {
  events: number;
  logLines: number;
  /** Containers whose logs are read. */
  logContainers: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { events: 10, logLines: 20, logContainers: 2 };
const LOG_BYTES = 64 * 1024;

/** Puts the caller's signal on every request the generated client sends. */
function withSignal(signal: AbortSignal): {
  middleware: ObservableMiddleware[];
  middlewareMergeStrategy: 'append';
} {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

export async function readWorkload(
  kubeConfig: KubeConfig,
  target: WorkloadTarget,
  signal: AbortSignal,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  now: () => Date = () => new Date(),
): Promise<WorkloadEvidence> {
  const where = {
    service: target.service,
    source: `Kubernetes API via executor ${target.executor}`,
    namespace: target.namespace,
    deployment: target.deployment,
  };
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const options = withSignal(signal);
  const { namespace, deployment } = target;
  try {
    const found = await apps.readNamespacedDeployment({ name: deployment, namespace }, options);
    const selector = Object.entries(found.spec?.selector.matchLabels ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    if (selector === '')
      return { ...where, available: false, reason: `deployment ${deployment} has no matchLabels selector` };
    const [pods, events] = await Promise.all([
      core.listNamespacedPod({ namespace, labelSelector: selector }, options),
      core.listNamespacedEvent({ namespace, limit: 500 }, options),
    ]);
    const logs = await Promise.all(
      crashingContainers(pods.items, limits.logContainers).map(
        async (container): Promise<ContainerLog> => ({
          ...container,
          lines: tailLines(
            await core.readNamespacedPodLog(
              {
                name: container.pod,
                namespace,
                container: container.container,
                previous: container.previous,
                tailLines: limits.logLines,
                limitBytes: LOG_BYTES,
              },
              options,
            ),
            limits.logLines,
          ),
        }),
      ),
    );
    const states = podStates(pods.items);
    return {
      ...where,
      available: true,
      readAt: now().toISOString(),
      pods: states,
      events: workloadEvents(
        events.items,
        deployment,
        states.map((pod) => pod.name),
        limits.events,
      ),
      logs,
    };
  } catch (error) {
    return { ...where, available: false, reason: unreadable(error, signal) };
  }
}

/** Why nothing could be read, for the evidence: the API's status and message, or the network error. */
function unreadable(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'the Kubernetes API did not answer in time';
  if (error instanceof ApiException) {
    const body = typeof error.body === 'string' ? parseStatus(error.body) : undefined;
    return `the Kubernetes API answered ${error.code}${body ? `: ${body}` : ''}`;
  }
  const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  return `the Kubernetes API could not be reached (${cause ?? (error instanceof Error ? error.message : String(error))})`;
}

function parseStatus(body: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? message.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/** One reader over the services bound to Kubernetes executors; each read bounded by `timeoutMs`. */
export function createWorkloadReader(
  lookup: (
    service: string,
  ) => { target: WorkloadTarget; kubeConfig: KubeConfig } | { executor: string; unbound: string } | undefined,
  timeoutMs: number,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): WorkloadReader {
  return {
    async read(service, signal) {
      const found = lookup(service);
      if (found === undefined) return undefined;
      if ('unbound' in found)
        return {
          service,
          source: `catalog executor ${found.executor}`,
          namespace: '-',
          deployment: service,
          available: false,
          reason: found.unbound,
        };
      return readWorkload(
        found.kubeConfig,
        found.target,
        AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        limits,
      );
    },
  };
}
