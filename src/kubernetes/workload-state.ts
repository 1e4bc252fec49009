import { maskSecrets } from '../agents/guard/secrets.js';
import type { PodState, WorkloadEvent } from '../domain/workload-evidence.js';

/**
 * Pods and events as the API server returns them (JSON, or @kubernetes/client-node's models, whose
 * timestamps are Dates), turned into the evidence the crew reads. Pure.
 */
type Instant = Date | string | null | undefined;

interface ContainerStatusLike {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; terminated?: TerminatedLike };
  lastState?: { terminated?: TerminatedLike };
}
interface TerminatedLike {
  reason?: string;
  exitCode?: number;
  finishedAt?: Instant;
}
export interface PodLike {
  metadata?: { name?: string };
  status?: { phase?: string; containerStatuses?: ContainerStatusLike[] };
}
export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string };
  lastTimestamp?: Instant;
  eventTime?: Instant;
  firstTimestamp?: Instant;
  metadata?: { creationTimestamp?: Instant };
}

/** Pods first that need a look: not ready, most restarts. */
export function podStates(pods: readonly PodLike[]): PodState[] {
  return pods
    .map((pod): PodState => {
      const containers = pod.status?.containerStatuses ?? [];
      const waiting = containers.map((status) => status.state?.waiting?.reason).find(Boolean) ?? null;
      return {
        name: pod.metadata?.name ?? '?',
        phase: pod.status?.phase ?? 'Unknown',
        ready: containers.length > 0 && containers.every((status) => status.ready === true),
        restarts: containers.reduce((sum, status) => sum + Math.max(0, status.restartCount ?? 0), 0),
        waiting,
        lastTermination: latestTermination(containers),
      };
    })
    .sort(
      (a, b) => Number(a.ready) - Number(b.ready) || b.restarts - a.restarts || a.name.localeCompare(b.name),
    );
}

function latestTermination(containers: readonly ContainerStatusLike[]): PodState['lastTermination'] {
  const ended = containers.flatMap((status) => {
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    return terminated?.reason === undefined
      ? []
      : [
          {
            container: status.name,
            reason: terminated.reason,
            exitCode: terminated.exitCode ?? null,
            finishedAt: iso(terminated.finishedAt),
          },
        ];
  });
  return ended.sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))[0] ?? null;
}

/** A container worth reading the log of: it terminated or waits in a crash loop. */
export interface CrashingContainer {
  pod: string;
  container: string;
  /** Read the instance that ended (`previous=true`): the running one has not failed yet. */
  previous: boolean;
}

export function crashingContainers(pods: readonly PodLike[], limit: number): CrashingContainer[] {
  return pods
    .flatMap((pod) =>
      (pod.status?.containerStatuses ?? [])
        .filter(
          (status) =>
            status.lastState?.terminated !== undefined ||
            status.state?.terminated !== undefined ||
            status.state?.waiting?.reason === 'CrashLoopBackOff',
        )
        .map((status) => ({
          pod: pod.metadata?.name ?? '',
          container: status.name,
          previous: (status.restartCount ?? 0) > 0 && status.state?.terminated === undefined,
          restarts: status.restartCount ?? 0,
        })),
    )
    .filter((container) => container.pod !== '')
    .sort((a, b) => b.restarts - a.restarts)
    .slice(0, limit)
    .map(({ restarts: _restarts, ...container }) => container);
}

/**
 * The events about the deployment, its ReplicaSets (`<deployment>-<hash>`) and its pods (listed, or
 * gone ones named `<deployment>-<hash>-<suffix>`), newest first. A StatefulSet's `ledger-0` is not a
 * pod of a deployment named `ledger`, nor `payments-…` of one named `pay`.
 */
export function workloadEvents(
  events: readonly EventLike[],
  deployment: string,
  podNames: readonly string[],
  limit: number,
): WorkloadEvent[] {
  const pods = new Set(podNames);
  const owned = new RegExp(
    `^${deployment.replace(/[.]/g, '\\.')}-(?=[a-z]*\\d)[a-z0-9]{6,10}(-[a-z0-9]{5})?$`,
  );
  return events
    .filter((event) => {
      const name = event.involvedObject?.name ?? '';
      return name === deployment || pods.has(name) || owned.test(name);
    })
    .map(
      (event): WorkloadEvent => ({
        at:
          iso(event.lastTimestamp) ??
          iso(event.eventTime) ??
          iso(event.firstTimestamp) ??
          iso(event.metadata?.creationTimestamp) ??
          '',
        type: event.type ?? 'Normal',
        reason: event.reason ?? '',
        object: `${event.involvedObject?.kind ?? '?'}/${event.involvedObject?.name ?? '?'}`,
        message: (event.message ?? '').slice(0, 300),
        count: Math.max(1, event.count ?? 1),
      }),
    )
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, limit);
}

/** The last lines of a log, without the blank ones. */
export function tailLines(text: string, count: number): string[] {
  return (
    text
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line.length > 0)
      .slice(-count)
      // Masked before clipping, so a cut can never leave part of a credential showing.
      .map((line) => maskSecrets(line).slice(0, 300))
  );
}

function iso(value: Instant): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
