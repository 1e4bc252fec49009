import {
  type ContainerLog,
  type PodState,
  type WorkloadEvent,
  type WorkloadEvidence,
  workloadSource,
} from '../domain/workload-evidence.js';
import { clip } from './rules/evidence.js';

/**
 * The Kubernetes evidence as lines a person reads in the RCA, each naming where it came from. An
 * unreadable workload says `unavailable` and why: it is never shown as healthy. Pure.
 */
const LINE = 300;
const ERRORISH = /error|exception|fatal|panic|oom|killed|refused|denied/i;

export function podLine(evidence: WorkloadEvidence, pod: PodState): string {
  const parts = [
    `pod ${pod.name} ${pod.phase}`,
    pod.ready ? 'ready' : 'not ready',
    `${pod.restarts} restart${pod.restarts === 1 ? '' : 's'}`,
    ...(pod.waiting ? [`waiting ${pod.waiting}`] : []),
    ...(pod.lastTermination
      ? [
          `last terminated ${pod.lastTermination.reason}${pod.lastTermination.exitCode === null ? '' : ` (exit ${pod.lastTermination.exitCode})`}${pod.lastTermination.finishedAt ? ` at ${pod.lastTermination.finishedAt}` : ''}`,
        ]
      : []),
  ];
  return clip(`kubernetes ${evidence.namespace}/${evidence.deployment}: ${parts.join(', ')}`, LINE);
}

export function eventLine(evidence: WorkloadEvidence, event: WorkloadEvent): string {
  const count = event.count > 1 ? ` ×${event.count}` : '';
  return clip(
    `kubernetes ${evidence.namespace}/${evidence.deployment}: event ${event.type} ${event.reason}${count} on ${event.object} (last ${event.at}): ${event.message}`,
    LINE,
  );
}

/** The line that best says why the container ended: the last error-looking one, else the last. */
export function logLine(evidence: WorkloadEvidence, log: ContainerLog): string | undefined {
  const line = [...log.lines].reverse().find((text) => ERRORISH.test(text)) ?? log.lines.at(-1);
  if (line === undefined) return undefined;
  const which = log.previous ? 'previous instance' : 'current instance';
  return clip(
    `kubernetes ${evidence.namespace}/${evidence.deployment}: log of ${log.pod}/${log.container} (${which}, last ${log.lines.length} lines): ${line}`,
    LINE,
  );
}

export function warningEvents(evidence: WorkloadEvidence): WorkloadEvent[] {
  return evidence.available ? evidence.events.filter((event) => event.type === 'Warning') : [];
}

/** What the RCA shows: the source, the pods at a glance, the worst pod, warnings and a log line. */
export function workloadEvidenceLines(evidence: WorkloadEvidence, max = 5): string[] {
  const source = workloadSource(evidence);
  if (!evidence.available) return [clip(`${source}: unavailable: ${evidence.reason}`, LINE)];
  const notReady = evidence.pods.filter((pod) => !pod.ready).length;
  const restarts = evidence.pods.reduce((sum, pod) => sum + pod.restarts, 0);
  const head = clip(
    `${source}, read ${evidence.readAt}: ${evidence.pods.length} pod(s), ${notReady} not ready, ${restarts} restart(s)`,
    LINE,
  );
  const worst = evidence.pods.filter((pod) => !pod.ready || pod.restarts > 0).slice(0, 1);
  const logs = evidence.logs.map((log) => logLine(evidence, log)).filter((line) => line !== undefined);
  return [
    head,
    ...worst.map((pod) => podLine(evidence, pod)),
    ...warningEvents(evidence)
      .slice(0, 2)
      .map((event) => eventLine(evidence, event)),
    ...logs.slice(0, 1),
  ].slice(0, max);
}

/** The RCA's evidence with the Kubernetes lines in it, within the RCA's ten lines. */
export function withWorkloadEvidence(
  evidence: readonly string[],
  workload: WorkloadEvidence | undefined,
): string[] {
  if (workload === undefined) return [...evidence];
  const lines = workloadEvidenceLines(workload);
  const own = evidence.filter((line) => !lines.includes(line));
  return [...own.slice(0, Math.max(0, 10 - lines.length)), ...lines];
}
