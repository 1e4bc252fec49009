import type { MetricName, TelemetrySnapshot } from '../domain/telemetry.js';
import type { TelemetrySource } from '../domain/telemetry-source.js';
import { mapWithLimit } from './http-json.js';
import { createPrometheusClient, type PrometheusClient } from './prometheus-api.js';
import { DEFAULT_PROMQL_MAPPING, type PromqlMapping, promqlFor } from './promql-mapping.js';
import { onGrid, snapshotRange } from './range-grid.js';
import { type QueryOutcome, serviceNotes } from './source-notes.js';

export interface PrometheusSourceOptions {
  baseUrl: string;
  mapping?: PromqlMapping;
  /** Budget of one snapshot's queries together. */
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  /** Services a snapshot covers (none unless given: the caller knows the estate). */
  services?: readonly string[];
  windowMinutes?: number;
  stepSeconds?: number;
  /** Queries in flight at once. */
  concurrency?: number;
}

export type ServiceMetrics = Partial<Record<MetricName, number[]>>;

export interface MetricsPart {
  metrics: Record<string, ServiceMetrics>;
  notes: string[];
}

export interface PrometheusSource extends TelemetrySource {
  metrics(services: readonly string[], now: Date): Promise<MetricsPart>;
  readonly client: PrometheusClient;
  readonly windowMinutes: number;
}

interface Query {
  service: string;
  metric: MetricName;
  promql: string;
}

export function createPrometheusSource(options: PrometheusSourceOptions): PrometheusSource {
  const client = createPrometheusClient(options);
  const mapping = options.mapping ?? DEFAULT_PROMQL_MAPPING;
  const windowMinutes = options.windowMinutes ?? 30;
  const stepSeconds = options.stepSeconds ?? 60;

  async function metrics(services: readonly string[], now: Date): Promise<MetricsPart> {
    const range = snapshotRange(now, windowMinutes, stepSeconds);
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const queries: Query[] = services.flatMap((service) =>
      Object.entries(promqlFor(mapping, service)).map(([metric, promql]) => ({
        service,
        metric: metric as MetricName,
        promql,
      })),
    );
    const answers = await mapWithLimit(queries, options.concurrency ?? 8, (query) =>
      client.queryRange(query.promql, range, deadline),
    );
    const byService: Record<string, ServiceMetrics> = Object.fromEntries(services.map((s) => [s, {}]));
    const outcomes: Record<string, QueryOutcome[]> = Object.fromEntries(services.map((s) => [s, []]));
    for (const [index, query] of queries.entries()) {
      const answer = answers[index];
      const outcome: QueryOutcome = { signal: query.metric, problem: undefined, empty: false, extra: 0 };
      if (answer === undefined || !answer.ok) {
        outcome.problem = answer?.problem ?? 'not run';
      } else {
        const [series, ...others] = answer.value;
        const points = series ? onGrid(series, range) : [];
        if (points.length === 0) outcome.empty = true;
        else byService[query.service] = { ...byService[query.service], [query.metric]: points };
        outcome.extra = others.length;
      }
      outcomes[query.service]?.push(outcome);
    }
    return { metrics: byService, notes: serviceNotes('prometheus', outcomes) };
  }

  return {
    client,
    windowMinutes,
    metrics,
    async snapshot(_ticket, now): Promise<TelemetrySnapshot> {
      const services = options.services ?? [];
      const part = await metrics(services, now);
      return {
        generatedAt: now.toISOString(),
        windowMinutes,
        source: 'prometheus',
        services: Object.fromEntries(
          services.map((service) => [
            service,
            { service, metrics: part.metrics[service] ?? {}, logs: [], events: [] },
          ]),
        ),
        notes: part.notes,
      };
    },
  };
}
