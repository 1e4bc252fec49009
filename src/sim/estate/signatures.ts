import type { FaultKind } from '../../domain/faults.js';
import type { LogLine, MetricName } from '../../domain/telemetry.js';
import type { ServiceName } from '../services.js';
import type { ServiceState } from './estate-state.js';
import { integerBetween, type Rng } from './noise.js';

/** An absolute level, or a multiple of the service's baseline. */
export type Target = number | { times: number };

/** What callers of a failing service see, one hop away, at full intensity. */
export interface SymptomProfile {
  latencyMs: number;
  errorPct: number;
  upstream5xxPct: number;
}

export interface SignatureContext {
  service: ServiceName;
  state: ServiceState;
  /** Names of the instances the fault still affects. */
  affected: readonly string[];
  rng: Rng;
}

export interface LogTemplate {
  level: LogLine['level'];
  message: string;
}

export interface EventTemplate {
  type: string;
  message: string;
}

export interface FaultSignature {
  metrics: Partial<Record<MetricName, Target>>;
  /** Restarts per affected instance per minute while the fault runs. */
  restartRate?: number;
  /** Minutes from onset to full strength. */
  rampMinutes: number;
  symptoms: SymptomProfile;
  logs(context: SignatureContext): LogTemplate[];
  events(context: SignatureContext): EventTemplate[];
}

/** A fault is reported once visible: it started this many minutes before it was injected. */
export const ONSET_LEAD_MINUTES = 12;

/** Third parties outside the estate whose outage is a `dependency_down`. */
export const EXTERNAL_UPSTREAM: Readonly<Partial<Record<ServiceName, string>>> = {
  api: 'payments.partner.example',
  auth: 'idp.partner.example',
  worker: 'mail.partner.example',
};

function firstAffected(context: SignatureContext): string {
  return context.affected[0] ?? `${context.service}-0`;
}

export const SIGNATURES: Readonly<Record<FaultKind, FaultSignature>> = {
  crash: {
    metrics: { memory_pct: 96, error_rate_pct: 35, latency_p99_ms: { times: 1.8 } },
    restartRate: 0.25,
    rampMinutes: 2,
    symptoms: { latencyMs: 400, errorPct: 12, upstream5xxPct: 15 },
    logs: (context) =>
      context.affected.slice(0, 3).flatMap((instance) => [
        {
          level: 'fatal',
          message: `container ${instance} OOMKilled (exit code 137): memory limit 2Gi exceeded`,
        },
        { level: 'warn', message: `Back-off restarting failed container ${instance}` },
      ]),
    events: (context) =>
      context.affected
        .slice(0, 2)
        .map((instance) => ({ type: 'oom_kill', message: `${instance} OOMKilled, restarting` })),
  },
  slow: {
    metrics: { latency_p99_ms: 5000, pool_used_pct: 100, error_rate_pct: 4, cpu_pct: { times: 1.4 } },
    rampMinutes: 3,
    symptoms: { latencyMs: 4000, errorPct: 4, upstream5xxPct: 6 },
    logs: (context) => {
      const pool = context.state.instances[0]?.poolSize ?? 20;
      return [
        {
          level: 'error',
          message: `connection pool exhausted (size ${pool}, ${integerBetween(context.rng, 60, 240)} waiting)`,
        },
        { level: 'warn', message: `query on orders took ${integerBetween(context.rng, 4200, 5600)} ms` },
        {
          level: 'error',
          message: `connection pool exhausted (size ${pool}, ${integerBetween(context.rng, 60, 240)} waiting)`,
        },
      ];
    },
    events: (context) => [{ type: 'alert', message: `p99 latency above 1 s on ${context.service}` }],
  },
  bad_config: {
    metrics: { error_rate_pct: 62 },
    rampMinutes: 2,
    symptoms: { latencyMs: 150, errorPct: 15, upstream5xxPct: 18 },
    logs: (context) => [
      {
        level: 'fatal',
        message: 'startup failed: invalid DATABASE_URL "postgres//db.internal:5432/app" (missing ":")',
      },
      {
        level: 'error',
        message: `${firstAffected(context)} rejected config r${context.state.knownGood.configRevision + 1}: invalid DATABASE_URL`,
      },
      {
        level: 'fatal',
        message: 'startup failed: invalid DATABASE_URL "postgres//db.internal:5432/app" (missing ":")',
      },
    ],
    events: (context) => [
      {
        type: 'config_change',
        message: `config r${context.state.knownGood.configRevision + 1} applied to ${context.service} (DATABASE_URL changed)`,
      },
    ],
  },
  memory_leak: {
    metrics: { memory_pct: 92, cpu_pct: 78, latency_p99_ms: { times: 2 } },
    rampMinutes: ONSET_LEAD_MINUTES + 1,
    symptoms: { latencyMs: 600, errorPct: 3, upstream5xxPct: 3 },
    logs: (context) => [
      {
        level: 'warn',
        message: `GC overhead: ${integerBetween(context.rng, 35, 48)} % of CPU time spent in garbage collection`,
      },
      {
        level: 'warn',
        message: `heap of ${firstAffected(context)} at 92 %, old generation not shrinking after full GC`,
      },
      {
        level: 'warn',
        message: `GC overhead: ${integerBetween(context.rng, 45, 60)} % of CPU time spent in garbage collection`,
      },
    ],
    events: (context) => [{ type: 'alert', message: `memory above 85 % on ${context.service}` }],
  },
  dependency_down: {
    metrics: { upstream_5xx_pct: 45, error_rate_pct: 30, latency_p99_ms: { times: 1.5 } },
    rampMinutes: 2,
    symptoms: { latencyMs: 200, errorPct: 14, upstream5xxPct: 16 },
    logs: (context) => {
      const external = EXTERNAL_UPSTREAM[context.service] ?? 'partner.example';
      return [
        { level: 'error', message: `upstream ${external} answered 503 Service Unavailable` },
        { level: 'warn', message: `circuit breaker open for ${external}` },
        { level: 'error', message: `upstream ${external} answered 503 Service Unavailable` },
      ];
    },
    events: (context) => [
      {
        type: 'alert',
        message: `synthetic check for ${EXTERNAL_UPSTREAM[context.service] ?? 'partner'} failing`,
      },
    ],
  },
  web_5xx: {
    metrics: { error_rate_pct: 28, latency_p99_ms: { times: 1.3 } },
    rampMinutes: 3,
    symptoms: { latencyMs: 100, errorPct: 10, upstream5xxPct: 12 },
    logs: (context) => {
      const release = context.state.instances[0]?.version ?? 'unknown';
      const message = `HTTP 500 on GET /v1/orders: TypeError: Cannot read properties of undefined (reading 'id') [release ${release}]`;
      return [
        { level: 'error', message },
        { level: 'error', message },
      ];
    },
    events: (context) => [
      {
        type: 'deploy',
        message: `deployed ${context.service} ${context.state.instances[0]?.version} (was ${context.state.knownGood.version})`,
      },
    ],
  },
  disk_full: {
    metrics: { disk_pct: 99, error_rate_pct: 22, latency_p99_ms: { times: 2 } },
    rampMinutes: 3,
    symptoms: { latencyMs: 500, errorPct: 10, upstream5xxPct: 10 },
    logs: (context) => [
      {
        level: 'error',
        message: `write failed on /var/lib/${context.service}: ENOSPC: no space left on device`,
      },
      {
        level: 'error',
        message: `write failed on /var/lib/${context.service}: ENOSPC: no space left on device`,
      },
    ],
    events: (context) => [{ type: 'alert', message: `volume /var/lib/${context.service} 99 % full` }],
  },
  network_partition: {
    metrics: { packet_loss_pct: 40, latency_p99_ms: 3000, error_rate_pct: 25 },
    rampMinutes: 2,
    symptoms: { latencyMs: 1500, errorPct: 10, upstream5xxPct: 12 },
    logs: (context) => [
      {
        level: 'error',
        message: `connection to 10.0.${integerBetween(context.rng, 2, 9)}.17:443 (zone-b) timed out after 3000 ms`,
      },
      { level: 'warn', message: 'packet loss 40 % between zone-a and zone-b' },
      {
        level: 'error',
        message: `connection to 10.0.${integerBetween(context.rng, 2, 9)}.31:443 (zone-b) timed out after 3000 ms`,
      },
    ],
    events: () => [{ type: 'alert', message: 'zone-b unreachable from zone-a' }],
  },
  cache_stampede: {
    metrics: { cache_hit_pct: 15, cpu_pct: 88, latency_p99_ms: { times: 12 } },
    rampMinutes: 3,
    symptoms: { latencyMs: 300, errorPct: 2, upstream5xxPct: 1 },
    logs: (context) => [
      {
        level: 'warn',
        message: `cache miss storm: ${integerBetween(context.rng, 1800, 4200)} misses/s on hot keys session:*`,
      },
      {
        level: 'warn',
        message: `hot key session:${integerBetween(context.rng, 100, 999)} recomputed by ${integerBetween(context.rng, 40, 90)} clients at once`,
      },
    ],
    events: () => [{ type: 'alert', message: 'cache hit ratio below 50 %' }],
  },
};

export function targetValue(target: Target, baseline: number): number {
  return typeof target === 'number' ? target : baseline * target.times;
}
