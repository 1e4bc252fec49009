import { FAULT_CATALOG, type FaultKind, type SpecialistKind } from '../../domain/faults.js';
import { faultOfEvent } from '../../domain/kubernetes-fault.js';
import type { TelemetrySnapshot } from '../../domain/telemetry.js';
import type { PodState, WorkloadEvidence } from '../../domain/workload-evidence.js';
import type { Finding } from '../schemas.js';
import { eventLine, logLine, podLine, warningEvents } from '../workload-lines.js';
import { makeFinding } from './evidence.js';

/**
 * What the workload's pods and events say, as findings for the specialist whose faults they are
 * (crash loops, OOM kills and bad configs for compute, a full disk for storage, failing probes for
 * web). An unavailable read gives no finding: it is said in the RCA, never taken as healthy. Pure.
 */
const RESTART_LOOP = 2;
const BAD_CONFIG_WAITING = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

interface PodVerdict {
  fault: FaultKind;
  signal: string;
  why: string;
  confidence: number;
}

function podVerdict(pod: PodState): PodVerdict | undefined {
  const ended = pod.lastTermination;
  const looping = pod.waiting === 'CrashLoopBackOff' || pod.restarts >= RESTART_LOOP;
  const oom = ended?.reason === 'OOMKilled' || ended?.exitCode === 137;
  if (pod.waiting !== null && BAD_CONFIG_WAITING.has(pod.waiting))
    return { fault: 'bad_config', signal: 'pod_waiting', why: `waits in ${pod.waiting}`, confidence: 88 };
  if (looping && oom)
    return {
      fault: 'crash',
      signal: 'oom_kill',
      why: `is crash looping, containers OOMKilled (exit 137), ${pod.restarts} restarts`,
      confidence: 94,
    };
  if (oom) return { fault: 'memory_leak', signal: 'oom_kill', why: 'was OOMKilled', confidence: 82 };
  if (looping && (ended !== null || pod.waiting === 'CrashLoopBackOff'))
    return {
      fault: 'crash',
      signal: 'restarts',
      why: `is crash looping (${pod.restarts} restarts${ended ? `, last exit ${ended.reason}` : ''})`,
      confidence: 86,
    };
  return undefined;
}

function podFinding(evidence: Extract<WorkloadEvidence, { available: true }>): Finding | undefined {
  const judged = evidence.pods
    .map((pod) => ({ pod, verdict: podVerdict(pod) }))
    .filter((entry): entry is { pod: PodState; verdict: PodVerdict } => entry.verdict !== undefined)
    .sort((a, b) => b.verdict.confidence - a.verdict.confidence);
  const [worst] = judged;
  if (worst === undefined) return undefined;
  const alike = judged.filter((entry) => entry.verdict.fault === worst.verdict.fault).length;
  const log = evidence.logs.find((entry) => entry.pod === worst.pod.name);
  const logText = log === undefined ? undefined : logLine(evidence, log);
  return makeFinding({
    service: evidence.service,
    fault: worst.verdict.fault,
    signal: worst.verdict.signal,
    summary: `${evidence.service} on Kubernetes (${evidence.namespace}/${evidence.deployment}): pod ${worst.pod.name} ${worst.verdict.why}${alike > 1 ? `; ${alike - 1} more pod(s) alike` : ''}`,
    evidence: [
      podLine(evidence, worst.pod),
      ...warningEvents(evidence)
        .slice(0, 2)
        .map((event) => eventLine(evidence, event)),
      ...(logText === undefined ? [] : [logText]),
    ],
    confidence: worst.verdict.confidence,
  });
}

/** Warning events whose reason names a fault the pods do not already show. */
function eventFindings(evidence: Extract<WorkloadEvidence, { available: true }>, shown: FaultKind | null) {
  const byFault = new Map<FaultKind, ReturnType<typeof warningEvents>>();
  for (const event of warningEvents(evidence)) {
    const fault = faultOfEvent(event.reason, event.message);
    if (fault === undefined || fault === shown) continue;
    byFault.set(fault, [...(byFault.get(fault) ?? []), event]);
  }
  return [...byFault].map(([fault, events]) => {
    const total = events.reduce((sum, event) => sum + event.count, 0);
    return makeFinding({
      service: evidence.service,
      fault,
      signal: `k8s_event_${events[0]?.reason ?? 'warning'}`,
      summary: `${evidence.service} on Kubernetes: ${events.map((event) => event.reason).join(', ')} (${total} event(s))`,
      evidence: events.slice(0, 3).map((event) => eventLine(evidence, event)),
      confidence: Math.min(80, 60 + total),
    });
  });
}

export function workloadFindings(evidence: WorkloadEvidence | undefined): Finding[] {
  if (evidence === undefined || !evidence.available) return [];
  const pods = podFinding(evidence);
  return [...(pods ? [pods] : []), ...eventFindings(evidence, pods?.fault ?? null)];
}

/** The findings of one specialist: those whose fault it is the specialist of. */
export function kubernetesFindings(kind: SpecialistKind, telemetry: TelemetrySnapshot): Finding[] {
  return workloadFindings(telemetry.kubernetes).filter(
    (finding) => finding.fault !== null && FAULT_CATALOG[finding.fault].specialist === kind,
  );
}
