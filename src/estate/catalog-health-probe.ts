import {
  type Catalog,
  type CatalogService,
  evaluateHealth,
  type HealthReadings,
  type HealthSignal,
} from '../domain/catalog/index.js';
import type { HealthProbe, HealthSampling, ServiceHealthReport } from '../domain/ports.js';
import type { PrometheusClient } from '../telemetry/index.js';

export interface CatalogHealthProbeOptions {
  catalog: Catalog;
  /** Absent: PROMETHEUS_URL is not set, so every catalog service is unknown. */
  prometheus?: PrometheusClient;
  sampling: HealthSampling;
  timeoutMs: number;
}

function queryOf(service: CatalogService, signal: HealthSignal): string | undefined {
  return signal === 'up' ? service.telemetry.up : service.telemetry.queries[signal];
}

interface SignalReading {
  value?: number;
  unmeasured?: string;
}

async function readSignal(
  client: PrometheusClient,
  service: CatalogService,
  signal: HealthSignal,
  now: Date,
  deadline: AbortSignal,
): Promise<SignalReading> {
  const promql = queryOf(service, signal);
  if (!promql) return { unmeasured: `no query for ${signal} on ${service.name}` };
  const answer = await client.queryInstant(promql, now, deadline);
  if (!answer.ok) {
    return {
      unmeasured: `${signal} on ${service.name} could not be measured: query ${promql} failed: ${answer.problem}`,
    };
  }
  const [first] = answer.value;
  if (!first)
    return { unmeasured: `no data for ${signal} on ${service.name}: query ${promql} returned nothing` };
  return { value: first.value };
}

async function probeService(
  options: CatalogHealthProbeOptions,
  service: CatalogService,
  now: Date,
): Promise<ServiceHealthReport> {
  const signals = [...service.health.keys()];
  const client = options.prometheus;
  if (!client) {
    const verdict = evaluateHealth(service.health, {});
    return {
      service: service.name,
      state: verdict.state,
      reasons: verdict.reasons,
      unmeasured: [
        `no data for ${signals.join(', ') || 'any signal'} on ${service.name}: PROMETHEUS_URL is not set`,
      ],
      readings: {},
    };
  }
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const read = await Promise.all(signals.map((signal) => readSignal(client, service, signal, now, deadline)));
  const readings: Partial<Record<HealthSignal, number>> = {};
  const unmeasured: string[] = [];
  for (const [index, signal] of signals.entries()) {
    const reading = read[index];
    if (reading?.value !== undefined) readings[signal] = reading.value;
    if (reading?.unmeasured) unmeasured.push(reading.unmeasured);
  }
  const verdict = evaluateHealth(service.health, readings as HealthReadings);
  if (service.health.size === 0) unmeasured.push(`${service.name} has no health rule`);
  return { service: service.name, state: verdict.state, reasons: verdict.reasons, unmeasured, readings };
}

/**
 * The catalog's services judged by their own health rules over Prometheus instant queries. A
 * signal with no data is unknown (and says which query returned nothing), never healthy.
 */
export function catalogHealthProbe(options: CatalogHealthProbeOptions): HealthProbe {
  const { catalog } = options;
  return {
    sampling: () => options.sampling,
    covers: (service) => options.prometheus !== undefined && catalog.find(service) !== undefined,
    async probe(services, now) {
      return Promise.all(
        services.map((name): Promise<ServiceHealthReport> | ServiceHealthReport => {
          const service = catalog.find(name);
          if (service) return probeService(options, service, now);
          return {
            service: name,
            state: 'unknown',
            reasons: [],
            unmeasured: [`${name} is not in the catalog: nothing measures it`],
            readings: {},
          };
        }),
      );
    },
  };
}
