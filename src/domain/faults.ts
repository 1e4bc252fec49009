import { z } from 'zod';
import type { ActionKind } from './runbook.js';
import type { Severity } from './severity.js';

export const FAULT_KINDS = [
  'crash',
  'slow',
  'bad_config',
  'memory_leak',
  'dependency_down',
  'web_5xx',
  'disk_full',
  'network_partition',
  'cache_stampede',
] as const;
export const FaultKind = z.enum(FAULT_KINDS);
export type FaultKind = z.infer<typeof FaultKind>;

/** The specialist whose signals show this fault best. */
export const SPECIALISTS = ['web', 'storage', 'network', 'compute'] as const;
export const SpecialistKind = z.enum(SPECIALISTS);
export type SpecialistKind = z.infer<typeof SpecialistKind>;

/** The relevance at which triage runs a specialist until the learning record has moved its threshold. */
export const DEFAULT_THRESHOLD = 60;

export interface FaultInfo {
  kind: FaultKind;
  title: string;
  /** What a person sees first: the incident's `issue` line when injected. */
  symptom: string;
  specialist: SpecialistKind;
  severity: Severity;
  /** The runbook, in the order it should be tried. */
  remediation: readonly ActionKind[];
}

export const FAULT_CATALOG: Readonly<Record<FaultKind, FaultInfo>> = {
  crash: {
    kind: 'crash',
    title: 'Crash loop',
    symptom: 'pods OOMKilled (exit 137), crash looping',
    specialist: 'compute',
    severity: 'sev1',
    remediation: ['restart', 'scale_up'],
  },
  slow: {
    kind: 'slow',
    title: 'Slow responses',
    symptom: 'p99 latency 5 s, connection pool exhausted',
    specialist: 'storage',
    severity: 'sev2',
    remediation: ['increase_pool', 'restart'],
  },
  bad_config: {
    kind: 'bad_config',
    title: 'Bad configuration',
    symptom: 'startup fails: invalid DATABASE_URL',
    specialist: 'compute',
    severity: 'sev1',
    remediation: ['rollback_config'],
  },
  memory_leak: {
    kind: 'memory_leak',
    title: 'Memory leak',
    symptom: 'memory at 92 %, GC thrashing',
    specialist: 'compute',
    severity: 'sev2',
    remediation: ['restart', 'scale_up'],
  },
  dependency_down: {
    kind: 'dependency_down',
    title: 'Upstream dependency down',
    symptom: 'upstream answers 503 Service Unavailable',
    specialist: 'network',
    severity: 'sev2',
    remediation: ['failover'],
  },
  web_5xx: {
    kind: 'web_5xx',
    title: 'HTTP 5xx spike',
    symptom: '5xx rate above 20 % after a release',
    specialist: 'web',
    severity: 'sev1',
    remediation: ['rollback_deploy', 'scale_up'],
  },
  disk_full: {
    kind: 'disk_full',
    title: 'Disk full',
    symptom: 'volume 99 % full, writes failing with ENOSPC',
    specialist: 'storage',
    severity: 'sev1',
    remediation: ['free_disk'],
  },
  network_partition: {
    kind: 'network_partition',
    title: 'Network partition',
    symptom: 'packet loss 40 %, connections timing out between zones',
    specialist: 'network',
    severity: 'sev1',
    remediation: ['failover'],
  },
  cache_stampede: {
    kind: 'cache_stampede',
    title: 'Cache stampede',
    symptom: 'cache hit ratio fell to 15 %, hot keys thrashing',
    specialist: 'storage',
    severity: 'sev3',
    remediation: ['clear_cache'],
  },
};
