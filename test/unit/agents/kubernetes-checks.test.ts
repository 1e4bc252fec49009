import { describe, expect, it } from 'vitest';
import { kubernetesFindings, workloadFindings } from '../../../src/agents/rules/kubernetes-checks.js';
import { specialistFindings } from '../../../src/agents/rules/specialist-rules.js';
import { withWorkloadEvidence, workloadEvidenceLines } from '../../../src/agents/workload-lines.js';
import type { TelemetrySnapshot } from '../../../src/domain/telemetry.js';
import type { PodState, WorkloadEvidence } from '../../../src/domain/workload-evidence.js';
import { CRASH_LOOPING_POD, READY_POD } from '../../support/kube-workload-routes.js';

const where = {
  service: 'payments',
  source: 'Kubernetes API via executor prod-k8s',
  namespace: 'shop',
  deployment: 'payments',
};
const healthy = READY_POD;
const oomLoop = CRASH_LOOPING_POD;
const backOff = {
  at: '2026-12-05T21:22:57.000Z',
  type: 'Warning',
  reason: 'BackOff',
  object: 'Pod/payments-7d9f8b6c4-x2x9k',
  message: 'Back-off restarting failed container payments',
  count: 14,
};

function read(
  pods: PodState[],
  extra: Partial<Extract<WorkloadEvidence, { available: true }>> = {},
): WorkloadEvidence {
  return {
    ...where,
    available: true,
    readAt: '2026-12-05T21:23:00.000Z',
    pods,
    events: [],
    logs: [],
    ...extra,
  };
}

function snapshot(kubernetes: WorkloadEvidence | undefined): TelemetrySnapshot {
  return {
    generatedAt: '2026-12-05T21:23:00.000Z',
    windowMinutes: 30,
    source: 'prometheus',
    services: {},
    ...(kubernetes ? { kubernetes } : {}),
  };
}

describe('findings from a workload read from Kubernetes', () => {
  it('a pod crash looping with OOMKilled is a crash for compute, with pod, event and log as evidence', () => {
    const evidence = read([healthy, oomLoop], {
      events: [backOff],
      logs: [
        {
          pod: oomLoop.name,
          container: 'payments',
          previous: true,
          lines: ['starting', 'java.lang.OutOfMemoryError: Java heap space', 'shutting down'],
        },
      ],
    });
    const [finding, ...rest] = kubernetesFindings('compute', snapshot(evidence));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      service: 'payments',
      fault: 'crash',
      signal: 'oom_kill',
      confidence: 94,
    });
    expect(finding?.summary).toBe(
      'payments on Kubernetes (shop/payments): pod payments-7d9f8b6c4-x2x9k is crash looping, containers OOMKilled (exit 137), 14 restarts',
    );
    expect(finding?.evidence).toEqual([
      'kubernetes shop/payments: pod payments-7d9f8b6c4-x2x9k Running, not ready, 14 restarts, waiting CrashLoopBackOff, last terminated OOMKilled (exit 137) at 2026-12-05T21:22:51.000Z',
      'kubernetes shop/payments: event Warning BackOff ×14 on Pod/payments-7d9f8b6c4-x2x9k (last 2026-12-05T21:22:57.000Z): Back-off restarting failed container payments',
      'kubernetes shop/payments: log of payments-7d9f8b6c4-x2x9k/payments (previous instance, last 3 lines): java.lang.OutOfMemoryError: Java heap space',
    ]);
    expect(kubernetesFindings('web', snapshot(evidence))).toEqual([]);
  });

  it('tells a bad config, a one-off OOM kill and a plain crash loop apart', () => {
    const waiting = { ...healthy, ready: false, waiting: 'ImagePullBackOff' };
    expect(workloadFindings(read([waiting]))[0]).toMatchObject({
      fault: 'bad_config',
      signal: 'pod_waiting',
    });
    const once = { ...oomLoop, restarts: 1, waiting: null };
    expect(workloadFindings(read([once]))[0]).toMatchObject({ fault: 'memory_leak', confidence: 82 });
    const errors = {
      ...oomLoop,
      lastTermination: { container: 'payments', reason: 'Error', exitCode: 1, finishedAt: null },
    };
    expect(workloadFindings(read([errors]))[0]).toMatchObject({ fault: 'crash', signal: 'restarts' });
  });

  it('warning events name faults the pods do not show: a full disk goes to storage', () => {
    const mount = {
      ...backOff,
      reason: 'FailedMount',
      message: 'MountVolume.SetUp failed for volume "data": no space left on device',
      count: 3,
    };
    const evidence = read([healthy], { events: [mount] });
    expect(kubernetesFindings('storage', snapshot(evidence))).toEqual([
      expect.objectContaining({ fault: 'disk_full', signal: 'k8s_event_FailedMount', confidence: 63 }),
    ]);
    expect(kubernetesFindings('compute', snapshot(evidence))).toEqual([]);
  });

  it('healthy pods, no read and an unavailable read give no finding', () => {
    expect(workloadFindings(read([healthy]))).toEqual([]);
    expect(workloadFindings(undefined)).toEqual([]);
    expect(
      workloadFindings({ ...where, available: false, reason: 'the Kubernetes API answered 403' }),
    ).toEqual([]);
  });

  it('the rule specialist leads with them, so triage picks compute for a crash loop nothing else shows', () => {
    const evidence = read([oomLoop]);
    expect(specialistFindings('compute', snapshot(evidence))[0]).toMatchObject({
      fault: 'crash',
      confidence: 94,
    });
    expect(specialistFindings('compute', snapshot(undefined))).toEqual([]);
  });
});

describe('the lines the RCA shows', () => {
  it('name the source and read time, then the worst pod, warnings and a log line', () => {
    const lines = workloadEvidenceLines(read([healthy, oomLoop], { events: [backOff] }));
    expect(lines[0]).toBe(
      'kubernetes shop/payments (Kubernetes API via executor prod-k8s), read 2026-12-05T21:23:00.000Z: 2 pod(s), 1 not ready, 14 restart(s)',
    );
    expect(lines.slice(1).every((line) => line.startsWith('kubernetes shop/payments: '))).toBe(true);
    expect(lines).toHaveLength(3);
  });

  it('an unreadable workload is "unavailable" with the reason, never healthy', () => {
    expect(
      workloadEvidenceLines({
        ...where,
        available: false,
        reason: 'the Kubernetes API did not answer in time',
      }),
    ).toEqual([
      'kubernetes shop/payments (Kubernetes API via executor prod-k8s): unavailable: the Kubernetes API did not answer in time',
    ]);
  });

  it('fit in the RCA’s ten lines after the reasoner’s own, without repeating one', () => {
    const evidence = read([oomLoop]);
    const [, pod] = workloadEvidenceLines(evidence);
    const own = [pod ?? '', ...Array.from({ length: 12 }, (_, index) => `line ${index}`)];
    const merged = withWorkloadEvidence(own, evidence);
    expect(merged).toHaveLength(10);
    expect(merged.filter((line) => line === pod)).toHaveLength(1);
    expect(merged.slice(-2)).toEqual(workloadEvidenceLines(evidence));
    expect(withWorkloadEvidence(['a'], undefined)).toEqual(['a']);
  });
});
