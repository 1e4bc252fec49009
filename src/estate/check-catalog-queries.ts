import type { Catalog } from '../domain/catalog/index.js';
import type { MetricName } from '../domain/telemetry.js';
import type { Logger } from '../log.js';
import { mapWithLimit } from '../telemetry/http-json.js';
import { createPrometheusClient, type PrometheusClient } from '../telemetry/index.js';

export interface BrokenQuery {
  service: string;
  signal: MetricName | 'up';
  promql: string;
  problem: string;
}

/**
 * Every PromQL of the catalog asked once of Prometheus: the ones it refuses (a syntax error, an
 * unknown function, a range vector where one value is needed) come back with their service and
 * signal. A query that answers nothing is not broken: the service may simply have no data yet.
 */
export async function checkCatalogQueries(
  catalog: Catalog,
  client: PrometheusClient,
  now: Date,
  timeoutMs: number,
): Promise<BrokenQuery[]> {
  const queries = catalog.services.flatMap((service) => [
    { service: service.name, signal: 'up' as const, promql: service.telemetry.up },
    ...(Object.entries(service.telemetry.queries) as Array<[MetricName, string]>).map(([signal, promql]) => ({
      service: service.name,
      signal,
      promql,
    })),
  ]);
  const deadline = AbortSignal.timeout(timeoutMs);
  const answers = await mapWithLimit(queries, 8, (query) => client.queryInstant(query.promql, now, deadline));
  return queries.flatMap((query, index) => {
    const answer = answers[index];
    if (answer?.ok) return [];
    return [{ ...query, problem: answer?.problem ?? 'not run' }];
  });
}

export function describeBrokenQuery(broken: BrokenQuery): string {
  return `${broken.service} · ${broken.signal}: ${broken.problem} (query: ${broken.promql})`;
}

/** Each catalog PromQL asked once of Prometheus at start; the refused ones logged with service and signal. */
export async function reportBrokenQueries(
  catalog: Catalog,
  baseUrl: string,
  timeoutMs: number,
  logger: Logger,
) {
  try {
    const client = createPrometheusClient({ baseUrl, timeoutMs });
    const broken = await checkCatalogQueries(catalog, client, new Date(), Math.max(timeoutMs, 10_000));
    if (broken.length === 0) {
      logger.info({ prometheus: baseUrl }, 'every catalog query answers in Prometheus');
      return;
    }
    logger.warn(
      { brokenQueries: broken.map(describeBrokenQuery) },
      `${broken.length} catalog quer${broken.length === 1 ? 'y' : 'ies'} refused by Prometheus: those signals stay unknown`,
    );
  } catch (error) {
    logger.warn({ err: error }, 'could not check the catalog queries against Prometheus');
  }
}
