import type {
  LogLine,
  MetricName,
  ServiceTelemetry,
  TelemetryEvent,
  TelemetrySnapshot,
} from '../../domain/telemetry.js';
import { SERVICE_CATALOG, SERVICE_NAMES, type ServiceName } from '../services.js';
import { addBackgroundNoise } from './background-noise.js';
import { baselineValue, isPercentMetric, jitterFor, reportedMetrics } from './baselines.js';
import { type ActiveFault, activeFaults, type EstateState, instanceName } from './estate-state.js';
import { attenuation, upstreamDistances } from './graph.js';
import { createRng, hashSeed } from './noise.js';
import { type FaultSignature, ONSET_LEAD_MINUTES, SIGNATURES, targetValue } from './signatures.js';
import { isoSeconds, MINUTE_MS } from './time.js';

export interface TelemetryOptions {
  seed: number;
  now: Date;
  windowMinutes?: number;
  noise?: boolean;
}

/** A fault running on the service itself, or one upstream seen through `via`. */
interface Influence {
  fault: ActiveFault;
  signature: FaultSignature;
  hops: number;
  via: ServiceName | null;
}

function onsetMs(fault: ActiveFault): number {
  return Date.parse(fault.injectedAt) - ONSET_LEAD_MINUTES * MINUTE_MS;
}

/** 0 before onset, then rising to 1 over the signature's ramp. */
function rampAt(influence: Influence, at: number): number {
  const elapsed = (at - onsetMs(influence.fault)) / MINUTE_MS;
  if (elapsed < 0) return 0;
  return Math.min(1, (elapsed + 1) / influence.signature.rampMinutes);
}

/** The direct dependency through which a fault `hops` away reaches `service`. */
function viaNeighbour(service: ServiceName, root: ServiceName, hops: number): ServiceName {
  if (hops === 1) return root;
  const candidates = SERVICE_CATALOG[service].dependsOn;
  return candidates.find((next) => upstreamDistances(next).get(root) === hops - 1) ?? root;
}

function influencesOn(state: EstateState, service: ServiceName): Influence[] {
  const own = activeFaults(state.services[service]).map((fault) => ({
    fault,
    signature: SIGNATURES[fault.kind],
    hops: 0,
    via: null,
  }));
  const inherited = [...upstreamDistances(service)].flatMap(([upstream, hops]) =>
    activeFaults(state.services[upstream]).map((fault) => ({
      fault,
      signature: SIGNATURES[fault.kind],
      hops,
      via: viaNeighbour(service, upstream, hops),
    })),
  );
  return [...own, ...inherited];
}

function symptomDelta(influence: Influence, metric: MetricName): number {
  const profile = influence.signature.symptoms;
  const size = attenuation(influence.hops - 1) * influence.fault.intensity;
  if (metric === 'latency_p99_ms') return profile.latencyMs * size;
  if (metric === 'error_rate_pct') return profile.errorPct * size;
  if (metric === 'upstream_5xx_pct') return profile.upstream5xxPct * size;
  return 0;
}

function ownDelta(
  influence: Influence,
  metric: MetricName,
  baseline: number,
  at: number,
  instances: number,
): number {
  if (metric === 'restarts') {
    const minutes = Math.max(0, (at - onsetMs(influence.fault)) / MINUTE_MS);
    const rate = influence.signature.restartRate ?? 0;
    return Math.floor(minutes * rate * instances * influence.fault.share);
  }
  const target = influence.signature.metrics[metric];
  if (target === undefined) return 0;
  return (targetValue(target, baseline) - baseline) * rampAt(influence, at) * influence.fault.intensity;
}

function roundMetric(metric: MetricName, value: number): number {
  const bounded = isPercentMetric(metric) ? Math.min(100, Math.max(0, value)) : Math.max(0, value);
  if (metric === 'latency_p99_ms' || metric === 'restarts') return Math.round(bounded);
  return Math.round(bounded * 100) / 100;
}

function metricSeries(context: ServiceContext, metric: MetricName): number[] {
  const { state, service, times, influences, options } = context;
  const baseline = baselineValue(state, service, metric);
  const instances = state.services[service].instances.length;
  const rng = createRng(hashSeed(options.seed, service, metric));
  return times.map((at) => {
    let value = baseline;
    for (const influence of influences) {
      value +=
        influence.hops === 0
          ? ownDelta(influence, metric, baseline, at, instances)
          : symptomDelta(influence, metric) * rampAt(influence, at);
    }
    if (options.noise) value += jitterFor(metric, value, rng());
    return roundMetric(metric, value);
  });
}

/** `count` instants spread evenly between the later of `from` and the window start, and the end. */
function spread(count: number, from: number, times: readonly number[]): number[] {
  const start = Math.max(from, times[0] ?? from);
  const end = times[times.length - 1] ?? start;
  return Array.from({ length: count }, (_, index) => start + ((end - start) * (index + 1)) / (count + 1));
}

interface ServiceContext {
  state: EstateState;
  service: ServiceName;
  times: readonly number[];
  influences: readonly Influence[];
  options: Required<TelemetryOptions>;
}

function signatureContext(context: ServiceContext, influence: Influence, purpose: string) {
  const instances = context.state.services[context.service].instances;
  const affected = instances
    .filter((instance) => instance.faults.includes(influence.fault.kind) || influence.fault.share === 1)
    .map((instance) => instanceName(context.service, instance.index));
  const rng = createRng(hashSeed(influence.fault.seed, purpose));
  return { service: context.service, state: context.state.services[context.service], affected, rng };
}

function symptomLogs(context: ServiceContext, influence: Influence): Omit<LogLine, 'at'>[] {
  const baseline = baselineValue(context.state, context.service, 'latency_p99_ms');
  const latency = symptomDelta(influence, 'latency_p99_ms');
  const lines: Omit<LogLine, 'at'>[] = [];
  if (symptomDelta(influence, 'error_rate_pct') >= 1) {
    lines.push({ level: 'warn', message: `upstream ${influence.via} responded 502 Bad Gateway` });
  }
  if (latency >= Math.max(100, baseline * 0.5)) {
    lines.push({
      level: 'warn',
      message: `slow upstream ${influence.via}: p99 ${Math.round(baseline + latency)} ms`,
    });
  }
  return lines;
}

function serviceLogs(context: ServiceContext): LogLine[] {
  const { times } = context;
  const first = times[0] ?? 0;
  const healthy = spread(2, first, times).map((at) => ({
    at: isoSeconds(at),
    level: 'info' as const,
    message: 'health check passed',
  }));
  const faulty = context.influences.flatMap((influence) => {
    const templates =
      influence.hops === 0
        ? influence.signature.logs(signatureContext(context, influence, 'logs'))
        : symptomLogs(context, influence);
    const instants = spread(templates.length, onsetMs(influence.fault), times);
    return templates.map((template, index) => ({ ...template, at: isoSeconds(instants[index] ?? first) }));
  });
  return [...healthy, ...faulty];
}

function serviceEvents(context: ServiceContext): TelemetryEvent[] {
  return context.influences
    .filter((influence) => influence.hops === 0)
    .flatMap((influence) =>
      influence.signature
        .events(signatureContext(context, influence, 'events'))
        .map((event) => ({ ...event, at: isoSeconds(onsetMs(influence.fault)) })),
    );
}

function byTime<T extends { at: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.at.localeCompare(b.at));
}

export function generateTelemetry(state: EstateState, options: TelemetryOptions): TelemetrySnapshot {
  const settled: Required<TelemetryOptions> = { windowMinutes: 30, noise: true, ...options };
  const end = settled.now.getTime();
  const times = Array.from(
    { length: settled.windowMinutes },
    (_, index) => end - (settled.windowMinutes - 1 - index) * MINUTE_MS,
  );
  const services: Record<string, ServiceTelemetry> = {};
  for (const service of SERVICE_NAMES) {
    const context: ServiceContext = {
      state,
      service,
      times,
      influences: influencesOn(state, service),
      options: settled,
    };
    const metrics = Object.fromEntries(
      reportedMetrics(service).map((metric) => [metric, metricSeries(context, metric)]),
    );
    services[service] = { service, metrics, logs: serviceLogs(context), events: serviceEvents(context) };
  }
  const noisy = settled.noise
    ? addBackgroundNoise(services, times, createRng(hashSeed(settled.seed, 'background')))
    : services;
  for (const telemetry of Object.values(noisy)) {
    telemetry.logs = byTime(telemetry.logs);
    telemetry.events = byTime(telemetry.events);
  }
  return {
    generatedAt: settled.now.toISOString(),
    windowMinutes: settled.windowMinutes,
    source: 'simulated',
    services: noisy,
  };
}
