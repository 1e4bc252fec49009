import type { SpecialistKind } from '../../domain/faults.js';
import type { TelemetrySnapshot } from '../../domain/telemetry.js';
import type { Finding, SpecialistInput, SpecialistOutput } from '../schemas.js';
import { type Check, MAX_FINDINGS, runChecks } from './checks.js';
import { COMPUTE_CHECKS } from './compute-checks.js';
import { clip } from './evidence.js';
import { kubernetesFindings } from './kubernetes-checks.js';
import { NETWORK_CHECKS } from './network-checks.js';
import { STORAGE_CHECKS } from './storage-checks.js';
import { supervisorFindings } from './supervisor-checks.js';
import { WEB_CHECKS } from './web-checks.js';

/** What each specialist looks for. Specialists read the telemetry only, never the issue text. */
export const SPECIALIST_CHECKS: Readonly<Record<SpecialistKind, readonly Check[]>> = {
  web: WEB_CHECKS,
  storage: STORAGE_CHECKS,
  network: NETWORK_CHECKS,
  compute: COMPUTE_CHECKS,
};

/** Telemetry checks, and what the Kubernetes API said about the service's workload when it was read. */
export function specialistFindings(kind: SpecialistKind, telemetry: TelemetrySnapshot): Finding[] {
  return [
    ...kubernetesFindings(kind, telemetry),
    ...supervisorFindings(kind, telemetry),
    ...runChecks(telemetry, SPECIALIST_CHECKS[kind]),
  ]
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, MAX_FINDINGS);
}

function report(kind: SpecialistKind, telemetry: TelemetrySnapshot): SpecialistOutput {
  const findings = specialistFindings(kind, telemetry);
  const [top, ...rest] = findings;
  const checked = Object.keys(telemetry.services).length;
  const summary = top
    ? `${top.summary}${rest.length > 0 ? `; ${rest.length} more finding(s)` : ''}`
    : `nothing abnormal for ${kind} across ${checked} services`;
  return { kind, summary: clip(summary, 500), findings };
}

/** HTTP error rates, releases, latency. */
export function webSpecialist(input: SpecialistInput): SpecialistOutput {
  return report('web', input.telemetry);
}

/** Connection pools, disks, cache hit ratios. */
export function storageSpecialist(input: SpecialistInput): SpecialistOutput {
  return report('storage', input.telemetry);
}

/** Packet loss, timeouts, upstream outages. */
export function networkSpecialist(input: SpecialistInput): SpecialistOutput {
  return report('network', input.telemetry);
}

/** Restarts, memory, CPU, configuration. */
export function computeSpecialist(input: SpecialistInput): SpecialistOutput {
  return report('compute', input.telemetry);
}

export const SPECIALIST_RULES: Readonly<
  Record<SpecialistKind, (input: SpecialistInput) => SpecialistOutput>
> = {
  web: webSpecialist,
  storage: storageSpecialist,
  network: networkSpecialist,
  compute: computeSpecialist,
};
