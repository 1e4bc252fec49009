import type { SpecialistKind } from '../../domain/faults.js';

/** What each specialist reads in the telemetry: told to triage (to pick) and to the specialist (to look). */
export const SPECIALIST_FOCUS: Readonly<Record<SpecialistKind, string>> = {
  web: 'HTTP error rates and 5xx spikes, p99 latency, releases and deploy events',
  storage: 'disk usage and ENOSPC, database connection pools and slow queries, cache hit ratio',
  network: 'packet loss, timeouts between zones, upstream 503s and unreachable dependencies',
  compute: 'restarts and OOM kills, memory and GC, CPU, configuration changes and startup failures',
};
